package dynamodb

// Item sizes as the developer guide computes them:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
//
//   - String: UTF-8 bytes. Binary: raw bytes.
//   - Number: (1 byte per two significant digits) + 1 byte.
//   - Null, Boolean: 1 byte.
//   - List, Map: 3 bytes of overhead + 1 byte per element + the elements
//     (map keys count as attribute names).
//   - Sets: the sum of their elements.
//   - Each attribute adds the UTF-8 length of its name.
//
// The maximum item size is 400 KB:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items
const maxItemSize = 400 * 1024

func valueSize(v *av) int {
	switch v.k {
	case kS, kB:
		return len(v.s)
	case kN:
		return numberSize(v.s)
	case kBOOL, kNULL:
		return 1
	case kM:
		n := 3
		for k, e := range v.m {
			n += 1 + len(k) + valueSize(e)
		}
		return n
	case kL:
		n := 3
		for _, e := range v.l {
			n += 1 + valueSize(e)
		}
		return n
	case kNS:
		n := 0
		for _, e := range v.set {
			n += numberSize(e)
		}
		return n
	default:
		n := 0
		for _, e := range v.set {
			n += len(e)
		}
		return n
	}
}

func numberSize(s string) int {
	digits := 0
	lead := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		if lead && c == '0' {
			continue
		}
		lead = false
		digits++
	}
	// trailing zeroes of the canonical form are not significant
	for i := len(s) - 1; i >= 0 && digits > 0; i-- {
		if s[i] == '0' {
			digits--
			continue
		}
		if s[i] == '.' {
			continue
		}
		break
	}
	return (digits+1)/2 + 1
}

// ItemSize is the size of an item in bytes as DynamoDB counts it toward the
// 400 KB limit and capacity units.
func itemSize(it item) int {
	n := 0
	for k, v := range it {
		n += len(k) + valueSize(v)
	}
	return n
}

package dynamodb

import (
	"math/big"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// DynamoDB numbers are decimals: up to 38 significant digits, magnitudes from
// 1E-130 to 9.9999999999999999999999999999999999999E+125, leading and
// trailing zeroes trimmed.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
//
// decimal is coef × 10^exp with coef free of trailing zeroes (0 is coef 0, exp 0).
type decimal struct {
	coef big.Int
	exp  int
}

const maxDigits = 38

func parseDecimal(s string) (*decimal, bool) {
	str := strings.TrimSpace(s)
	if str == "" {
		return nil, false
	}
	neg := false
	switch str[0] {
	case '+':
		str = str[1:]
	case '-':
		neg = true
		str = str[1:]
	}
	mant, expPart := str, ""
	if i := strings.IndexAny(str, "eE"); i >= 0 {
		mant, expPart = str[:i], str[i+1:]
		if expPart == "" {
			return nil, false
		}
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if intPart == "" && frac == "" {
		return nil, false
	}
	digits := intPart + frac
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return nil, false
		}
	}
	exp := -len(frac)
	if expPart != "" {
		e := 0
		sign := 1
		p := expPart
		if p[0] == '+' || p[0] == '-' {
			if p[0] == '-' {
				sign = -1
			}
			p = p[1:]
		}
		if p == "" || len(p) > 6 {
			return nil, false
		}
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return nil, false
			}
			e = e*10 + int(p[i]-'0')
		}
		exp += sign * e
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return &decimal{}, true
	}
	t := strings.TrimRight(digits, "0")
	exp += len(digits) - len(t)
	d := &decimal{exp: exp}
	d.coef.SetString(t, 10)
	if neg {
		d.coef.Neg(&d.coef)
	}
	return d, true
}

func (d *decimal) digits() int {
	if d.coef.Sign() == 0 {
		return 0
	}
	return len(new(big.Int).Abs(&d.coef).String())
}

// check applies DynamoDB's precision and range rules. The messages are the
// ones DynamoDB answers with (seen in SDK error reports; the developer guide
// states the limits, not the wording).
func (d *decimal) check() error {
	n := d.digits()
	if n == 0 {
		return nil
	}
	if n > maxDigits {
		return validation("Attempting to store more than 38 significant digits in a Number")
	}
	// magnitude is in [10^(exp+n-1), 10^(exp+n))
	if d.exp+n-1 > 125 {
		return validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
	}
	if d.exp+n-1 < -130 {
		return validation("Number underflow. Attempting to store a number with magnitude smaller than supported range")
	}
	return nil
}

// String writes the number as DynamoDB returns it: plain notation, no
// exponent, no superfluous zeroes.
func (d *decimal) String() string {
	if d.coef.Sign() == 0 {
		return "0"
	}
	neg := d.coef.Sign() < 0
	ds := new(big.Int).Abs(&d.coef).String()
	var out string
	switch {
	case d.exp >= 0:
		out = ds + strings.Repeat("0", d.exp)
	case -d.exp < len(ds):
		k := len(ds) + d.exp
		out = ds[:k] + "." + ds[k:]
	default:
		out = "0." + strings.Repeat("0", -d.exp-len(ds)) + ds
	}
	if neg {
		return "-" + out
	}
	return out
}

var ten = big.NewInt(10)

// scaled returns a and b as integers at the same (smaller) exponent.
func align(a, b *decimal) (*big.Int, *big.Int, int) {
	e := min(a.exp, b.exp)
	x := new(big.Int).Set(&a.coef)
	if a.exp > e {
		x.Mul(x, new(big.Int).Exp(ten, big.NewInt(int64(a.exp-e)), nil))
	}
	y := new(big.Int).Set(&b.coef)
	if b.exp > e {
		y.Mul(y, new(big.Int).Exp(ten, big.NewInt(int64(b.exp-e)), nil))
	}
	return x, y, e
}

func addDecimal(a, b *decimal, sub bool) *decimal {
	x, y, e := align(a, b)
	if sub {
		x.Sub(x, y)
	} else {
		x.Add(x, y)
	}
	return normalize(x, e)
}

func normalize(x *big.Int, e int) *decimal {
	d := &decimal{exp: e}
	if x.Sign() == 0 {
		d.exp = 0
		return d
	}
	q, r := new(big.Int), new(big.Int)
	for {
		q.QuoRem(x, ten, r)
		if r.Sign() != 0 {
			break
		}
		x.Set(q)
		d.exp++
	}
	d.coef.Set(x)
	return d
}

// canonicalNumber validates s and returns DynamoDB's form of it, working
// on the digits directly (the common path of every N value, kept free of
// big-number arithmetic).
func canonicalNumber(s string) (string, error) {
	bad := func() (string, error) {
		return "", validation("The parameter cannot be converted to a numeric value: %s", s)
	}
	str := s
	neg := false
	if str != "" && (str[0] == '+' || str[0] == '-') {
		neg = str[0] == '-'
		str = str[1:]
	}
	mant, expPart, hasExp := str, "", false
	if i := strings.IndexAny(str, "eE"); i >= 0 {
		mant, expPart, hasExp = str[:i], str[i+1:], true
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if intPart == "" && frac == "" {
		return bad()
	}
	for _, part := range [2]string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return bad()
			}
		}
	}
	exp := -len(frac)
	if hasExp {
		p := expPart
		sign := 1
		if p != "" && (p[0] == '+' || p[0] == '-') {
			if p[0] == '-' {
				sign = -1
			}
			p = p[1:]
		}
		if p == "" || len(p) > 6 {
			return bad()
		}
		e := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return bad()
			}
			e = e*10 + int(p[i]-'0')
		}
		exp += sign * e
	}
	digits := intPart + frac
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0", nil
	}
	t := strings.TrimRight(digits, "0")
	exp += len(digits) - len(t)
	n := len(t)
	if n > maxDigits {
		return "", validation("Attempting to store more than 38 significant digits in a Number")
	}
	if exp+n-1 > 125 {
		return "", validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
	}
	if exp+n-1 < -130 {
		return "", validation("Number underflow. Attempting to store a number with magnitude smaller than supported range")
	}
	var out string
	switch {
	case exp == 0 && len(t) == len(s) && !neg, exp == 0 && neg && len(t) == len(s)-1:
		return s, nil // already canonical: no copy
	case exp >= 0:
		out = t + strings.Repeat("0", exp)
	case -exp < n:
		out = t[:n+exp] + "." + t[n+exp:]
	default:
		out = "0." + strings.Repeat("0", -exp-n) + t
	}
	if neg {
		out = "-" + out
	}
	return out, nil
}

// compareNumbers compares two canonical number strings without arithmetic:
// sign, then the integer part's length and digits, then the fraction's.
func compareNumbers(a, b string) int {
	if a == b {
		return 0
	}
	na, nb := a[0] == '-', b[0] == '-'
	if na != nb {
		if na {
			return -1
		}
		return 1
	}
	if na {
		a, b = a[1:], b[1:]
	}
	ia, fa, _ := strings.Cut(a, ".")
	ib, fb, _ := strings.Cut(b, ".")
	if ia == "0" {
		ia = ""
	}
	if ib == "0" {
		ib = ""
	}
	c := 0
	switch {
	case len(ia) != len(ib):
		c = 1
		if len(ia) < len(ib) {
			c = -1
		}
	case ia != ib:
		c = strings.Compare(ia, ib)
	default:
		c = strings.Compare(fa, fb)
	}
	if na {
		return -c
	}
	return c
}

// numberArith adds or subtracts canonical numbers and checks the result.
func numberArith(a, b string, sub bool) (string, error) {
	x, _ := parseDecimal(a)
	y, _ := parseDecimal(b)
	r := addDecimal(x, y, sub)
	if err := r.check(); err != nil {
		return "", err
	}
	return r.String(), nil
}

func validation(format string, args ...any) *cloud.Error {
	return cloud.Errorf(400, "ValidationException", format, args...)
}

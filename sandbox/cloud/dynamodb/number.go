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

// parseNumber reads a number as DynamoDB accepts it and checks its range and
// precision; the errors are AWS's ValidationException messages.
func parseNumber(s string) (*decimal, error) {
	d, ok := parseDecimal(s)
	if !ok {
		return nil, validation("The parameter cannot be converted to a numeric value: %s", s)
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	return d, nil
}

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

func cmpDecimal(a, b *decimal) int {
	if a.exp == b.exp {
		return a.coef.Cmp(&b.coef)
	}
	if sa, sb := a.coef.Sign(), b.coef.Sign(); sa != sb {
		if sa < sb {
			return -1
		}
		return 1
	}
	x, y, _ := align(a, b)
	return x.Cmp(y)
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

// canonicalNumber validates s and returns DynamoDB's form of it.
func canonicalNumber(s string) (string, error) {
	d, err := parseNumber(s)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}

// compareNumbers compares two canonical number strings.
func compareNumbers(a, b string) int {
	if a == b {
		return 0
	}
	x, _ := parseDecimal(a)
	y, _ := parseDecimal(b)
	return cmpDecimal(x, y)
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

package billing

import (
	"fmt"
	"math"
	"strings"
)

// FormatUSD formats dollars for display; it is the only place amounts are rounded.
//
//   - 0 (or anything that rounds to it below $0.000000000001) prints "$0.00".
//   - $1 and more: 2 decimals, half away from zero ("$1.03", "$10.80").
//   - From $0.0001 to $1: 4 decimals ("$0.8333", "$0.0063").
//   - Below $0.0001: 3 significant digits ("$0.00000103", "$0.00000000208").
//
// Negative amounts (free-tier credits) get a leading minus: "-$0.20".
func FormatUSD(v float64) string {
	sign := ""
	if v < 0 {
		sign = "-"
		v = -v
	}
	var s string
	switch {
	case v < 1e-12:
		return "$0.00"
	case v >= 1:
		s = fmt.Sprintf("%.2f", v)
	case v >= 0.0001:
		s = fmt.Sprintf("%.4f", v)
	default:
		decimals := int(math.Ceil(-math.Log10(v))) + 2
		s = fmt.Sprintf("%.*f", decimals, v)
	}
	return sign + "$" + s
}

// FormatCents formats dollars rounded to the cent, as a bill's total is shown
// ("$1.03", "$0.87", "$0.00", "-$0.20").
func FormatCents(v float64) string {
	if math.Abs(v) < 0.005 {
		return "$0.00"
	}
	if v < 0 {
		return fmt.Sprintf("-$%.2f", -v)
	}
	return fmt.Sprintf("$%.2f", v)
}

// FormatQuantity formats a count of requests or GB-s with thousands separators and at
// most 2 decimals ("50,000", "375", "0.5", "2,592,000").
func FormatQuantity(v float64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := trimFloat(v, 2)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

package python

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"
)

// datetime: datetime, date, timedelta and timezone, enough for ISO
// timestamps and arithmetic on them. now() reads the virtual clock; the
// environment's zone is UTC (TZ=:UTC), as on Lambda.

// timedelta is a duration in microseconds, normalised as Python does
// (days may be negative; seconds and microseconds are not).
type timedelta struct{ us int64 }

const (
	usPerSec = int64(1e6)
	usPerDay = 86400 * usPerSec
)

func (d timedelta) parts() (days, secs, us int64) {
	days = floorDiv(d.us, usPerDay)
	rem := d.us - days*usPerDay
	return days, rem / usPerSec, rem % usPerSec
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func (d timedelta) pyStr() string {
	days, secs, us := d.parts()
	s := fmt.Sprintf("%d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	if us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	if days != 0 {
		plural := "s"
		if days == 1 || days == -1 {
			plural = ""
		}
		s = fmt.Sprintf("%d day%s, %s", days, plural, s)
	}
	return s
}

func (d timedelta) pyRepr() string {
	days, secs, us := d.parts()
	var parts []string
	if days != 0 {
		parts = append(parts, fmt.Sprintf("days=%d", days))
	}
	if secs != 0 {
		parts = append(parts, fmt.Sprintf("seconds=%d", secs))
	}
	if us != 0 {
		parts = append(parts, fmt.Sprintf("microseconds=%d", us))
	}
	if len(parts) == 0 {
		return "datetime.timedelta(0)"
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")"
}

func (d timedelta) String() string        { return d.pyStr() }
func (d timedelta) Type() string          { return "timedelta" }
func (d timedelta) Freeze()               {}
func (d timedelta) Truth() starlark.Bool  { return d.us != 0 }
func (d timedelta) Hash() (uint32, error) { return uint32(d.us ^ d.us>>32), nil }
func (d timedelta) AttrNames() []string {
	return []string{"days", "microseconds", "seconds", "total_seconds"}
}
func (d timedelta) Attr(name string) (starlark.Value, error) {
	days, secs, us := d.parts()
	switch name {
	case "days":
		return starlark.MakeInt64(days), nil
	case "seconds":
		return starlark.MakeInt64(secs), nil
	case "microseconds":
		return starlark.MakeInt64(us), nil
	case "total_seconds":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Float(float64(d.us) / 1e6), nil
		}), nil
	}
	return nil, nil
}

func (d timedelta) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	return compareInts(op, d.us, y.(timedelta).us), nil
}

func compareInts(op syntax.Token, a, b int64) bool {
	switch op {
	case syntax.EQL:
		return a == b
	case syntax.NEQ:
		return a != b
	case syntax.LT:
		return a < b
	case syntax.LE:
		return a <= b
	case syntax.GT:
		return a > b
	}
	return a >= b
}

func (d timedelta) Unary(op syntax.Token) (starlark.Value, error) {
	switch op {
	case syntax.MINUS:
		return timedelta{-d.us}, nil
	case syntax.PLUS:
		return d, nil
	}
	return nil, nil
}

func (d timedelta) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch other := y.(type) {
	case timedelta:
		a, b := d.us, other.us
		if side == starlark.Right {
			a, b = b, a
		}
		switch op {
		case syntax.PLUS:
			return timedelta{a + b}, nil
		case syntax.MINUS:
			return timedelta{a - b}, nil
		case syntax.SLASH:
			if b == 0 {
				return nil, raise("ZeroDivisionError", "division by zero")
			}
			return starlark.Float(float64(a) / float64(b)), nil
		case syntax.SLASHSLASH:
			if b == 0 {
				return nil, raise("ZeroDivisionError", "integer division or modulo by zero")
			}
			return starlark.MakeInt64(floorDiv(a, b)), nil
		}
	case starlark.Int, starlark.Float:
		f, _ := toFloat(other)
		switch {
		case op == syntax.STAR:
			return timedelta{int64(math.RoundToEven(float64(d.us) * f))}, nil
		case (op == syntax.SLASH || op == syntax.SLASHSLASH) && side == starlark.Left:
			if f == 0 {
				return nil, raise("ZeroDivisionError", "division by zero")
			}
			if op == syntax.SLASHSLASH {
				n, _ := toInt64(other, "divisor")
				return timedelta{floorDiv(d.us, n)}, nil
			}
			return timedelta{int64(math.RoundToEven(float64(d.us) / f))}, nil
		}
	}
	return nil, nil
}

// dateTime is a datetime.datetime (or a date when dateOnly).
type dateTime struct {
	t        time.Time
	aware    bool // has a tzinfo
	dateOnly bool
}

func (d dateTime) typeName() string {
	if d.dateOnly {
		return "date"
	}
	return "datetime"
}

func (d dateTime) isoformat(sep string, timespec string) string {
	if d.dateOnly {
		return d.t.Format("2006-01-02")
	}
	s := d.t.Format("2006-01-02") + sep
	us := d.t.Nanosecond() / 1000
	switch timespec {
	case "hours":
		s += d.t.Format("15")
	case "minutes":
		s += d.t.Format("15:04")
	case "seconds":
		s += d.t.Format("15:04:05")
	case "milliseconds":
		s += d.t.Format("15:04:05") + fmt.Sprintf(".%03d", us/1000)
	case "microseconds":
		s += d.t.Format("15:04:05") + fmt.Sprintf(".%06d", us)
	default:
		s += d.t.Format("15:04:05")
		if us != 0 {
			s += fmt.Sprintf(".%06d", us)
		}
	}
	if d.aware {
		s += offsetText(d.t, true)
	}
	return s
}

func offsetText(t time.Time, colon bool) string {
	_, off := t.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	if colon {
		return fmt.Sprintf("%s%02d:%02d", sign, off/3600, off/60%60)
	}
	return fmt.Sprintf("%s%02d%02d", sign, off/3600, off/60%60)
}

func (d dateTime) pyStr() string { return d.isoformat(" ", "auto") }
func (d dateTime) pyRepr() string {
	t := d.t
	if d.dateOnly {
		return fmt.Sprintf("datetime.date(%d, %d, %d)", t.Year(), t.Month(), t.Day())
	}
	args := fmt.Sprintf("%d, %d, %d, %d, %d", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute())
	if t.Second() != 0 || t.Nanosecond() != 0 {
		args += fmt.Sprintf(", %d", t.Second())
	}
	if t.Nanosecond() != 0 {
		args += fmt.Sprintf(", %d", t.Nanosecond()/1000)
	}
	if d.aware {
		args += ", tzinfo=" + tzValue{t.Location()}.pyRepr()
	}
	return "datetime.datetime(" + args + ")"
}
func (d dateTime) String() string { return d.pyStr() }
func (d dateTime) Type() string   { return d.typeName() }
func (d dateTime) Freeze()        {}
func (d dateTime) Truth() starlark.Bool {
	return true
}
func (d dateTime) Hash() (uint32, error) { return uint32(d.t.UnixNano()), nil }

func (d dateTime) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	o := y.(dateTime)
	if d.aware != o.aware && !d.dateOnly {
		if op == syntax.EQL || op == syntax.NEQ {
			return op == syntax.NEQ, nil
		}
		return false, raise("TypeError", "can't compare offset-naive and offset-aware datetimes")
	}
	return compareInts(op, d.t.UnixNano(), o.t.UnixNano()), nil
}

func (d dateTime) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch other := y.(type) {
	case timedelta:
		dur := time.Duration(other.us) * time.Microsecond
		switch {
		case op == syntax.PLUS:
			return dateTime{d.t.Add(dur), d.aware, d.dateOnly}, nil
		case op == syntax.MINUS && side == starlark.Left:
			return dateTime{d.t.Add(-dur), d.aware, d.dateOnly}, nil
		}
	case dateTime:
		if op != syntax.MINUS {
			return nil, nil
		}
		a, b := d, other
		if side == starlark.Right {
			a, b = b, a
		}
		if a.aware != b.aware && !a.dateOnly {
			return nil, raise("TypeError", "can't subtract offset-naive and offset-aware datetimes")
		}
		return timedelta{a.t.Sub(b.t).Microseconds()}, nil
	}
	return nil, nil
}

func (d dateTime) AttrNames() []string {
	return []string{"astimezone", "date", "day", "hour", "isoformat", "isoweekday", "microsecond", "minute", "month",
		"replace", "second", "strftime", "timestamp", "tzinfo", "weekday", "year"}
}

func (d dateTime) Attr(name string) (starlark.Value, error) {
	t := d.t
	fn := func(f builtinFn) (starlark.Value, error) { return starlark.NewBuiltin(name, f), nil }
	switch name {
	case "year":
		return starlark.MakeInt(t.Year()), nil
	case "month":
		return starlark.MakeInt(int(t.Month())), nil
	case "day":
		return starlark.MakeInt(t.Day()), nil
	case "weekday":
		return fn(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt((int(t.Weekday()) + 6) % 7), nil
		})
	case "isoweekday":
		return fn(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt((int(t.Weekday())+6)%7 + 1), nil
		})
	case "isoformat":
		return fn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			sep, spec := "T", "auto"
			if err := starlark.UnpackArgs("isoformat", args, kwargs, "sep?", &sep, "timespec?", &spec); err != nil {
				return nil, err
			}
			return starlark.String(d.isoformat(sep, spec)), nil
		})
	case "strftime":
		return fn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var f string
			if err := starlark.UnpackPositionalArgs("strftime", args, kwargs, 1, &f); err != nil {
				return nil, err
			}
			return starlark.String(strftime(d, f)), nil
		})
	case "date":
		if d.dateOnly {
			return nil, nil
		}
		return fn(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			y, m, dd := t.Date()
			return dateTime{t: time.Date(y, m, dd, 0, 0, 0, 0, time.UTC), dateOnly: true}, nil
		})
	}
	if d.dateOnly {
		return nil, nil
	}
	switch name {
	case "hour":
		return starlark.MakeInt(t.Hour()), nil
	case "minute":
		return starlark.MakeInt(t.Minute()), nil
	case "second":
		return starlark.MakeInt(t.Second()), nil
	case "microsecond":
		return starlark.MakeInt(t.Nanosecond() / 1000), nil
	case "tzinfo":
		if !d.aware {
			return starlark.None, nil
		}
		return tzValue{t.Location()}, nil
	case "timestamp":
		return fn(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Float(float64(t.UnixMicro()) / 1e6), nil
		})
	case "astimezone":
		return fn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tz starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs("astimezone", args, kwargs, 0, &tz); err != nil {
				return nil, err
			}
			loc := time.UTC
			if z, ok := tz.(tzValue); ok {
				loc = z.loc
			}
			return dateTime{t: t.In(loc), aware: true}, nil
		})
	case "replace":
		return fn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			y, mo, dd := t.Date()
			h, mi, s := t.Clock()
			us := t.Nanosecond() / 1000
			var tz starlark.Value = tzValue{t.Location()}
			if !d.aware {
				tz = starlark.None
			}
			if err := starlark.UnpackArgs("replace", args, kwargs, "year?", &y, "month?", (*int)(&mo), "day?", &dd,
				"hour?", &h, "minute?", &mi, "second?", &s, "microsecond?", &us, "tzinfo?", &tz); err != nil {
				return nil, err
			}
			return makeDateTime(y, int(mo), dd, h, mi, s, us, tz)
		})
	}
	return nil, nil
}

// tzValue is a datetime.timezone with a fixed offset.
type tzValue struct{ loc *time.Location }

func (z tzValue) offset() int {
	_, off := time.Date(2000, 1, 1, 0, 0, 0, 0, z.loc).Zone()
	return off
}
func (z tzValue) pyRepr() string {
	off := z.offset()
	if off == 0 {
		return "datetime.timezone.utc"
	}
	return "datetime.timezone(" + timedelta{int64(off) * usPerSec}.pyRepr() + ")"
}
func (z tzValue) pyStr() string {
	off := z.offset()
	if off == 0 {
		return "UTC"
	}
	return "UTC" + offsetText(time.Date(2000, 1, 1, 0, 0, 0, 0, z.loc), true)
}
func (z tzValue) String() string        { return z.pyStr() }
func (z tzValue) Type() string          { return "timezone" }
func (z tzValue) Freeze()               {}
func (z tzValue) Truth() starlark.Bool  { return true }
func (z tzValue) Hash() (uint32, error) { return uint32(z.offset()), nil }

func zoneFor(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	return time.FixedZone("", off)
}

func makeDateTime(y, mo, d, h, mi, s, us int, tz starlark.Value) (starlark.Value, error) {
	if mo < 1 || mo > 12 {
		return nil, raise("ValueError", "month must be in 1..12")
	}
	if d < 1 || d > daysIn(y, mo) {
		return nil, raise("ValueError", "day is out of range for month")
	}
	if h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || us < 0 || us > 999999 {
		return nil, raise("ValueError", "hour, minute, second or microsecond out of range")
	}
	loc, aware := time.UTC, false
	if z, ok := tz.(tzValue); ok {
		loc, aware = z.loc, true
	} else if tz != nil && tz != starlark.None {
		return nil, raise("TypeError", "tzinfo argument must be None or of a tzinfo subclass, not type '%s'", typeName(tz))
	}
	return dateTime{t: time.Date(y, time.Month(mo), d, h, mi, s, us*1000, loc), aware: aware}, nil
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var (
	weekdayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	monthNames   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// strftime formats with C's directives, as Python does on Linux.
func strftime(d dateTime, f string) string {
	t := d.t
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		wd := (int(t.Weekday()) + 6) % 7
		switch f[i] {
		case 'Y':
			fmt.Fprintf(&b, "%d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			fmt.Fprintf(&b, "%02d", (t.Hour()+11)%12+1)
		case 'p':
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'a':
			b.WriteString(weekdayNames[wd][:3])
		case 'A':
			b.WriteString(weekdayNames[wd])
		case 'w':
			fmt.Fprintf(&b, "%d", int(t.Weekday()))
		case 'b', 'h':
			b.WriteString(monthNames[t.Month()-1][:3])
		case 'B':
			b.WriteString(monthNames[t.Month()-1])
		case 'z':
			if d.aware {
				b.WriteString(offsetText(t, false))
			}
		case 'Z':
			if d.aware {
				b.WriteString(tzValue{t.Location()}.pyStr())
			}
		case 's':
			fmt.Fprintf(&b, "%d", t.Unix())
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

// fromISO parses what datetime.fromisoformat accepts on Python 3.11+:
// YYYY-MM-DD[(T| )HH[:MM[:SS[.ffffff]]]][Z|±HH:MM].
func fromISO(s string, dateOnly bool) (starlark.Value, error) {
	bad := raise("ValueError", "Invalid isoformat string: %s", quoteString(s))
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return nil, bad
	}
	num := func(t string) (int, bool) {
		n, err := strconv.Atoi(t)
		return n, err == nil && !strings.ContainsAny(t, "+-")
	}
	y, ok1 := num(s[0:4])
	mo, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return nil, bad
	}
	if dateOnly {
		if len(s) != 10 {
			return nil, bad
		}
		v, err := makeDateTime(y, mo, d, 0, 0, 0, 0, nil)
		if err != nil {
			return nil, err
		}
		dt := v.(dateTime)
		dt.dateOnly = true
		return dt, nil
	}
	rest := s[10:]
	h, mi, sec, us := 0, 0, 0, 0
	var tz starlark.Value = starlark.None
	if rest != "" {
		if rest[0] != 'T' && rest[0] != ' ' {
			return nil, bad
		}
		rest = rest[1:]
		// the offset
		if strings.HasSuffix(rest, "Z") {
			tz, rest = tzValue{time.UTC}, rest[:len(rest)-1]
		} else if i := strings.LastIndexAny(rest, "+-"); i >= 0 {
			off := rest[i+1:]
			rest2 := rest[:i]
			oh, om := 0, 0
			var ok bool
			switch {
			case len(off) == 5 && off[2] == ':':
				oh, ok = num(off[:2])
				if ok {
					om, ok = num(off[3:])
				}
			case len(off) == 4:
				oh, ok = num(off[:2])
				if ok {
					om, ok = num(off[2:])
				}
			case len(off) == 2:
				oh, ok = num(off)
			}
			if !ok {
				return nil, bad
			}
			secs := oh*3600 + om*60
			if rest[i] == '-' {
				secs = -secs
			}
			tz, rest = tzValue{zoneFor(secs)}, rest2
		}
		frac := ""
		if i := strings.IndexAny(rest, ".,"); i >= 0 {
			frac, rest = rest[i+1:], rest[:i]
		}
		parts := strings.Split(rest, ":")
		if len(parts) > 3 || parts[0] == "" {
			return nil, bad
		}
		vals := []*int{&h, &mi, &sec}
		for i, p := range parts {
			n, ok := num(p)
			if !ok || len(p) != 2 {
				return nil, bad
			}
			*vals[i] = n
		}
		if frac != "" {
			if len(frac) > 6 {
				frac = frac[:6]
			}
			n, ok := num(frac)
			if !ok {
				return nil, bad
			}
			for i := len(frac); i < 6; i++ {
				n *= 10
			}
			us = n
		}
	}
	return makeDateTime(y, mo, d, h, mi, sec, us, tz)
}

// strptime parses the directives %Y %m %d %H %M %S %f %z %y %b %B %j %p
// %I %% and literal text.
func strptime(s, f string) (starlark.Value, error) {
	bad := func() error {
		return raise("ValueError", "time data %s does not match format %s", quoteString(s), quoteString(f))
	}
	y, mo, d, h, mi, sec, us := 1900, 1, 1, 0, 0, 0, 0
	pm := -1
	var tz starlark.Value = starlark.None
	i := 0
	digits := func(maxN int) (int, bool) {
		j := i
		for j < len(s) && j-i < maxN && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, false
		}
		n, _ := strconv.Atoi(s[i:j])
		i = j
		return n, true
	}
	for k := 0; k < len(f); k++ {
		if f[k] != '%' || k+1 >= len(f) {
			if i >= len(s) || s[i] != f[k] {
				return nil, bad()
			}
			i++
			continue
		}
		k++
		var ok bool
		switch f[k] {
		case 'Y':
			y, ok = digits(4)
		case 'y':
			y, ok = digits(2)
			if y < 69 {
				y += 2000
			} else {
				y += 1900
			}
		case 'm':
			mo, ok = digits(2)
		case 'd':
			d, ok = digits(2)
		case 'H', 'I':
			h, ok = digits(2)
		case 'M':
			mi, ok = digits(2)
		case 'S':
			sec, ok = digits(2)
		case 'f':
			start := i
			us, ok = digits(6)
			for n := i - start; n < 6; n++ {
				us *= 10
			}
		case 'j':
			var yd int
			yd, ok = digits(3)
			if ok {
				t := time.Date(y, 1, yd, 0, 0, 0, 0, time.UTC)
				mo, d = int(t.Month()), t.Day()
			}
		case 'p':
			if i+2 <= len(s) {
				switch strings.ToUpper(s[i : i+2]) {
				case "AM":
					pm, ok = 0, true
				case "PM":
					pm, ok = 1, true
				}
				i += 2
			}
		case 'b', 'B':
			for n, name := range monthNames {
				for _, cand := range []string{name, name[:3]} {
					if !ok && len(s)-i >= len(cand) && strings.EqualFold(s[i:i+len(cand)], cand) {
						mo, ok = n+1, true
						i += len(cand)
					}
				}
			}
		case 'z':
			if i < len(s) && s[i] == 'Z' {
				tz, ok = tzValue{time.UTC}, true
				i++
				break
			}
			if i < len(s) && (s[i] == '+' || s[i] == '-') {
				neg := s[i] == '-'
				i++
				var oh, om int
				oh, ok = digits(2)
				if ok && i < len(s) && s[i] == ':' {
					i++
				}
				if ok {
					om, ok = digits(2)
				}
				secs := oh*3600 + om*60
				if neg {
					secs = -secs
				}
				tz = tzValue{zoneFor(secs)}
			}
		case '%':
			ok = i < len(s) && s[i] == '%'
			i++
		default:
			return nil, raise("ValueError", "'%c' is a bad directive in format %s", f[k], quoteString(f))
		}
		if !ok {
			return nil, bad()
		}
	}
	if i != len(s) {
		return nil, raise("ValueError", "unconverted data remains: %s", s[i:])
	}
	if pm >= 0 {
		h = h%12 + 12*pm
	}
	return makeDateTime(y, mo, d, h, mi, sec, us, tz)
}

func (in *instance) newDatetimeModule() *starlarkstruct.Module {
	utc := tzValue{time.UTC}
	now := func(tz starlark.Value) (starlark.Value, error) {
		t := in.now().UTC().Truncate(time.Microsecond)
		if z, ok := tz.(tzValue); ok {
			return dateTime{t: t.In(z.loc), aware: true}, nil
		}
		if tz != starlark.None {
			return nil, raise("TypeError", "tzinfo argument must be None or of a tzinfo subclass, not type '%s'", typeName(tz))
		}
		return dateTime{t: t}, nil
	}
	dtType := module("datetime", map[string]any{
		"now": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tz starlark.Value = starlark.None
			if err := starlark.UnpackArgs("now", args, kwargs, "tz?", &tz); err != nil {
				return nil, err
			}
			return now(tz)
		}),
		"utcnow": builtinFn(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return now(starlark.None)
		}),
		"fromtimestamp": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var ts, tz starlark.Value = nil, starlark.None
			if err := starlark.UnpackArgs("fromtimestamp", args, kwargs, "timestamp", &ts, "tz?", &tz); err != nil {
				return nil, err
			}
			f, err := toFloat(ts)
			if err != nil {
				return nil, err
			}
			t := time.UnixMicro(int64(math.RoundToEven(f * 1e6))).UTC()
			if z, ok := tz.(tzValue); ok {
				return dateTime{t: t.In(z.loc), aware: true}, nil
			}
			return dateTime{t: t}, nil
		}),
		"fromisoformat": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs("fromisoformat", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			return fromISO(s, false)
		}),
		"strptime": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s, f string
			if err := starlark.UnpackPositionalArgs("strptime", args, kwargs, 2, &s, &f); err != nil {
				return nil, err
			}
			return strptime(s, f)
		}),
	})
	dtCtor := &callableModule{m: dtType, call: func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var y, mo, d int
		h, mi, s, us := 0, 0, 0, 0
		var tz starlark.Value = starlark.None
		if err := starlark.UnpackArgs("datetime", args, kwargs, "year", &y, "month", &mo, "day", &d, "hour?", &h,
			"minute?", &mi, "second?", &s, "microsecond?", &us, "tzinfo?", &tz); err != nil {
			return nil, err
		}
		return makeDateTime(y, mo, d, h, mi, s, us, tz)
	}}
	dateType := &callableModule{m: module("date", map[string]any{
		"today": builtinFn(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			y, m, d := in.now().UTC().Date()
			return dateTime{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), dateOnly: true}, nil
		}),
		"fromisoformat": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs("fromisoformat", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			return fromISO(s, true)
		}),
	}), call: func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var y, mo, d int
		if err := starlark.UnpackArgs("date", args, kwargs, "year", &y, "month", &mo, "day", &d); err != nil {
			return nil, err
		}
		v, err := makeDateTime(y, mo, d, 0, 0, 0, 0, nil)
		if err != nil {
			return nil, err
		}
		dt := v.(dateTime)
		dt.dateOnly = true
		return dt, nil
	}}
	tdCtor := func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var days, secs, us, ms, mins, hours, weeks starlark.Value = starlark.MakeInt(0), starlark.MakeInt(0), starlark.MakeInt(0),
			starlark.MakeInt(0), starlark.MakeInt(0), starlark.MakeInt(0), starlark.MakeInt(0)
		if err := starlark.UnpackArgs("timedelta", args, kwargs, "days?", &days, "seconds?", &secs, "microseconds?", &us,
			"milliseconds?", &ms, "minutes?", &mins, "hours?", &hours, "weeks?", &weeks); err != nil {
			return nil, err
		}
		total := 0.0
		for _, p := range []struct {
			v    starlark.Value
			unit float64
		}{{days, 86400e6}, {secs, 1e6}, {us, 1}, {ms, 1e3}, {mins, 60e6}, {hours, 3600e6}, {weeks, 7 * 86400e6}} {
			f, err := toFloat(p.v)
			if err != nil {
				return nil, raise("TypeError", "unsupported type for timedelta component: %s", typeName(p.v))
			}
			total += f * p.unit
		}
		if math.Abs(total) > 999999999*86400e6 {
			return nil, raise("OverflowError", "days=%d; must have magnitude <= 999999999", int64(total/86400e6))
		}
		return timedelta{int64(math.RoundToEven(total))}, nil
	}
	tzType := &callableModule{m: module("timezone", map[string]any{"utc": utc}), call: func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var off starlark.Value
		if err := starlark.UnpackPositionalArgs("timezone", args, kwargs, 1, &off); err != nil {
			return nil, err
		}
		td, ok := off.(timedelta)
		if !ok {
			return nil, raise("TypeError", "timezone() argument 1 must be datetime.timedelta, not %s", typeName(off))
		}
		if td.us <= -usPerDay || td.us >= usPerDay {
			return nil, raise("ValueError", "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)")
		}
		return tzValue{zoneFor(int(td.us / usPerSec))}, nil
	}}
	return module("datetime", map[string]any{
		"datetime":  starlark.Value(dtCtor),
		"date":      starlark.Value(dateType),
		"timedelta": builtinFn(tdCtor),
		"timezone":  starlark.Value(tzType),
		"UTC":       utc,
		"MINYEAR":   starlark.MakeInt(1),
		"MAXYEAR":   starlark.MakeInt(9999),
	})
}

// callableModule is a class-like value: callable (the constructor) with
// attributes (class methods such as datetime.now).
type callableModule struct {
	m    *starlarkstruct.Module
	call func(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
}

func (c *callableModule) String() string        { return "<class '" + c.m.Name + "'>" }
func (c *callableModule) Type() string          { return "type" }
func (c *callableModule) Name() string          { return c.m.Name }
func (c *callableModule) Freeze()               {}
func (c *callableModule) Truth() starlark.Bool  { return true }
func (c *callableModule) Hash() (uint32, error) { return starlark.String(c.m.Name).Hash() }
func (c *callableModule) Attr(name string) (starlark.Value, error) {
	return c.m.Attr(name)
}
func (c *callableModule) AttrNames() []string { return c.m.AttrNames() }
func (c *callableModule) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return c.call(th, args, kwargs)
}

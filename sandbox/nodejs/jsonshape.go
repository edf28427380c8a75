package nodejs

import (
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"
)

// Events of one function usually have one shape: the same keys in the same
// nesting, only the values change (an API Gateway request, an S3
// notification). For such an event, parseEvent calls a JavaScript function
// made for the shape,
//
//	(function(a0, a1, ...) { return {"resource": a0, "headers": {"Accept": a1, ...}, ...} })
//
// with the values as arguments. The VM builds the objects from the literal
// directly, which costs about half as much as creating them from Go one
// Object.Set at a time (each Set goes through the VM's exception guard and
// looks the key up along the prototype chain). The objects are the same as
// JSON.parse's: own data properties in the order of the text, the last of
// duplicate keys winning at the first one's place, "__proto__" an own
// property (a computed key in the literal).
//
// A shape's function is compiled the second time an environment sees the
// shape (a one-off event is built the plain way), once per process: the
// compiled program is shared by every VM. Small events gain nothing (three
// Sets cost what a call costs), and making the function in a new VM costs
// more than a few Sets: a new environment uses the process's program at
// once only for large events.
const (
	minShapeBytes  = 128      // smaller events are built the plain way
	minShapeFirst  = 32       // values an event needs to use the program in a new environment
	maxShapeLeaves = 1024     // values of one event
	maxShapeDepth  = 64       // nesting
	maxShapeBytes  = 1 << 14  // the shape's text
	maxShapesPerVM = 8        // shapes one environment remembers
	maxShapesTotal = 512      // compiled shapes the process keeps
	maxShapesText  = 4 << 20  // and the bytes of their shapes
	maxPrevLeaf    = 256      // longest value text kept for the next event
	maxPrevBytes   = 16 << 10 // value text kept in all
	leafMark       = 0x01     // a value's place in a shape (no key holds it)
)

// shapePrograms are the compiled shape functions, by shape.
var shapePrograms = struct {
	sync.Mutex
	m     map[string]*goja.Program
	bytes int
}{m: map[string]*goja.Program{}}

// shapeFn is one environment's function for a shape, and how often the
// shape was seen before the function existed.
type shapeFn struct {
	fn   goja.Callable
	seen int
}

// shapeScan reads an event into its shape and its values.
type shapeScan struct {
	jsonParser
	shape  []byte
	leaves []goja.Value
	// The previous event's values by position, with their text: most
	// values of the next event are the same (headers, identity, ARNs), and
	// comparing bytes costs less than decoding and looking them up.
	prev      []prevLeaf
	prevBytes int
}

// prevLeaf is one value of the previous event and its JSON text (nil when
// it was too long to keep).
type prevLeaf struct {
	raw []byte
	v   goja.Value
}

// parseByShape builds the event with its shape's function; ok is false
// when the event is to be built the plain way.
func (in *instance) parseByShape(data []byte) (v goja.Value, ok bool) {
	if len(data) < minShapeBytes {
		return nil, false
	}
	s := &in.shapeBuf
	s.jsonParser = jsonParser{vm: in.vm, data: data, strs: in.jsonStrings}
	s.shape, s.leaves = s.shape[:0], s.leaves[:0]
	defer func() {
		clear(s.leaves) // do not keep the event alive
		s.data = nil
	}()
	if s.space(); s.pos >= len(data) || data[s.pos] != '{' && data[s.pos] != '[' {
		return nil, false
	}
	if s.scan(0) != nil {
		return nil, false
	}
	if s.space(); s.pos != len(data) {
		return nil, false
	}
	e := in.shapes[string(s.shape)]
	if e == nil {
		if len(in.shapes) >= maxShapesPerVM {
			return nil, false
		}
		if in.shapes == nil {
			in.shapes = map[string]*shapeFn{}
		}
		e = &shapeFn{}
		in.shapes[string(s.shape)] = e
	}
	if e.fn == nil {
		e.seen++
		if e.seen == 1 && len(s.leaves) < minShapeFirst {
			return nil, false
		}
		prog := shapeProgram(s.shape, len(s.leaves), e.seen > 1)
		if prog == nil {
			return nil, false
		}
		fv, err := in.vm.RunProgram(prog)
		if err != nil {
			return nil, false
		}
		if e.fn, ok = goja.AssertFunction(fv); !ok {
			return nil, false
		}
	}
	v, err := e.fn(goja.Undefined(), s.leaves...)
	if err != nil {
		return nil, false
	}
	return v, true
}

// shapeProgram returns the compiled function of a shape: the process's
// copy, or (when compile is set) a new one.
func shapeProgram(shape []byte, leaves int, compile bool) *goja.Program {
	shapePrograms.Lock()
	p := shapePrograms.m[string(shape)]
	shapePrograms.Unlock()
	if p != nil || !compile {
		return p
	}
	var b strings.Builder
	b.Grow(len(shape) + 8*leaves + 32)
	b.WriteString("(function(")
	for i := 0; i < leaves; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('a')
		b.WriteString(strconv.Itoa(i))
	}
	b.WriteString("){return ")
	i := 0
	for _, c := range shape {
		if c != leafMark {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('a')
		b.WriteString(strconv.Itoa(i))
		i++
	}
	b.WriteString("})")
	p, err := goja.Compile("node:internal/event", b.String(), true)
	if err != nil {
		return nil
	}
	shapePrograms.Lock()
	if len(shapePrograms.m) >= maxShapesTotal || shapePrograms.bytes+len(shape) > maxShapesText {
		shapePrograms.m, shapePrograms.bytes = map[string]*goja.Program{}, 0
	}
	if _, ok := shapePrograms.m[string(shape)]; !ok {
		shapePrograms.bytes += len(shape)
	}
	shapePrograms.m[string(shape)] = p
	shapePrograms.Unlock()
	return p
}

// scan reads one value: objects and arrays into the shape, anything else
// into the values. Keys other than printable ASCII without escapes, and
// anything parseEvent's plain parser would hand to JSON.parse, give up.
func (s *shapeScan) scan(depth int) error {
	if depth > maxShapeDepth || len(s.shape) > maxShapeBytes || len(s.leaves) >= maxShapeLeaves {
		return errJSONFallback
	}
	s.space()
	if s.pos >= len(s.data) {
		return errJSONFallback
	}
	switch s.data[s.pos] {
	case '{':
		return s.object(depth)
	case '[':
		return s.array(depth)
	}
	i, start := len(s.leaves), s.pos
	if i < len(s.prev) {
		// The value the previous event had here, when the text is the
		// same (a complete token: what follows must end it).
		if raw := s.prev[i].raw; len(raw) > 0 && len(s.data)-start >= len(raw) && string(s.data[start:start+len(raw)]) == string(raw) {
			if end := start + len(raw); end == len(s.data) || isJSONDelim(s.data[end]) {
				s.pos = end
				s.shape = append(s.shape, leafMark)
				s.leaves = append(s.leaves, s.prev[i].v)
				return nil
			}
		}
	}
	v, err := s.value(depth)
	if err != nil {
		return err
	}
	s.shape = append(s.shape, leafMark)
	s.leaves = append(s.leaves, v)
	if i >= len(s.prev) {
		s.prev = append(s.prev, prevLeaf{})
	}
	p := &s.prev[i]
	s.prevBytes -= cap(p.raw)
	if n := s.pos - start; n <= maxPrevLeaf && s.prevBytes+max(n, cap(p.raw)) <= maxPrevBytes {
		p.raw, p.v = append(p.raw[:0], s.data[start:s.pos]...), v
	} else {
		p.raw, p.v = nil, nil
	}
	s.prevBytes += cap(p.raw)
	return nil
}

// isJSONDelim reports the bytes that may follow a value.
func isJSONDelim(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

func (s *shapeScan) object(depth int) error {
	s.pos++ // {
	s.shape = append(s.shape, '{')
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.shape = append(s.shape, '}')
		return nil
	}
	for {
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return errJSONFallback
		}
		start := s.pos
		for s.pos++; s.pos < len(s.data) && s.data[s.pos] != '"'; s.pos++ {
			if c := s.data[s.pos]; c < 0x20 || c >= 0x7f || c == '\\' {
				return errJSONFallback
			}
		}
		if s.pos >= len(s.data) {
			return errJSONFallback
		}
		s.pos++
		if key := s.data[start:s.pos]; string(key) == `"__proto__"` {
			s.shape = append(s.shape, `["__proto__"]`...)
		} else {
			s.shape = append(s.shape, key...)
		}
		s.shape = append(s.shape, ':')
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return errJSONFallback
		}
		s.pos++
		if err := s.scan(depth + 1); err != nil {
			return err
		}
		if done, err := s.next('}'); done || err != nil {
			return err
		}
	}
}

func (s *shapeScan) array(depth int) error {
	s.pos++ // [
	s.shape = append(s.shape, '[')
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.shape = append(s.shape, ']')
		return nil
	}
	for {
		if err := s.scan(depth + 1); err != nil {
			return err
		}
		if done, err := s.next(']'); done || err != nil {
			return err
		}
	}
}

// next reads what follows a member or an element: a comma (more to come)
// or the closing bracket (done), recorded in the shape.
func (s *shapeScan) next(closing byte) (done bool, err error) {
	s.space()
	if s.pos >= len(s.data) {
		return false, errJSONFallback
	}
	switch c := s.data[s.pos]; c {
	case ',', closing:
		s.pos++
		s.shape = append(s.shape, c)
		return c == closing, nil
	}
	return false, errJSONFallback
}

package audit

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// A search returns up to 10,000 sessions of 21 attributes each. Building
// them as framework values and letting the framework reflect over them,
// re-check them and walk them again (semantic equality, null blocks) before
// encoding them for Terraform cost several seconds of CPU and half a
// gigabyte per plan (profiled with pprof). The sessions attribute is
// therefore written straight into the encoding Terraform's protocol uses
// for values (MessagePack, the encoding of cty and of terraform-plugin-go's
// tftypes: an object is a map of its attribute names in sorted order, null
// is nil, a number an integer), page by page as the pages arrive, with the
// same library and calls terraform-plugin-go uses;
// TestSessionEncoderMatches* check the bytes against terraform-plugin-go's
// own encoding of the values the framework built before. The provider's
// protocol server splices the result into the state the framework encodes
// for the other attributes (sessions_fast_path.go).

// sessionEncoder writes sessions as values of auditSessionElemType.
type sessionEncoder struct {
	// fill[i] tells whether elementColumns[i] is written; the others are
	// null.
	fill []bool
}

// newSessionEncoder fills the named attributes (and id); nil fills all.
func newSessionEncoder(names []string) (*sessionEncoder, error) {
	e := &sessionEncoder{fill: make([]bool, len(elementColumns))}
	for i, c := range elementColumns {
		e.fill[i] = names == nil || c.name == idColumn.name || slices.Contains(names, c.name)
	}
	for _, n := range names {
		if !slices.ContainsFunc(elementColumns, func(c sessionColumn) bool { return c.name == n }) {
			return nil, fmt.Errorf("unknown session attribute %q", n)
		}
	}
	return e, nil
}

// spsFields is the ?fields= list that the filled attributes need: nil (all
// elements, fields=*) when every attribute is filled.
func (e *sessionEncoder) spsFields() []string {
	if !slices.Contains(e.fill, false) {
		return nil
	}
	var elems []sps.SessionElement
	for i, c := range elementColumns {
		if e.fill[i] && c.elem != 0 {
			elems = append(elems, c.elem)
		}
	}
	return sps.FieldsFor(elems...)
}

// page encodes the sessions of one search page into one buffer and
// returns each session's bytes (slices of that buffer).
func (e *sessionEncoder) page(sessions []sps.Session) ([][]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(sessions) * 1024)
	w := newMPWriter(&buf)
	ends := make([]int, len(sessions))
	for i := range sessions {
		e.session(w, &sessions[i])
		ends[i] = buf.Len()
	}
	if w.err != nil {
		return nil, fmt.Errorf("encoding the sessions: %w", w.err)
	}
	b := buf.Bytes()
	out := make([][]byte, len(sessions))
	start := 0
	for i, end := range ends {
		out[i] = b[start:end:end]
		start = end
	}
	return out, nil
}

func (e *sessionEncoder) session(w *mpWriter, s *sps.Session) {
	w.mapLen(len(elementColumns))
	for i, c := range elementColumns {
		w.key(c.name)
		if e.fill[i] {
			c.write(w, s)
		} else {
			w.null()
		}
	}
}

// encodeSessionList joins encoded sessions into one list value.
func encodeSessionList(items [][]byte) ([]byte, error) {
	n := 5
	for _, it := range items {
		n += len(it)
	}
	var buf bytes.Buffer
	buf.Grow(n)
	if err := msgpack.NewEncoder(&buf).EncodeArrayLen(len(items)); err != nil {
		return nil, err
	}
	for _, it := range items {
		buf.Write(it)
	}
	return buf.Bytes(), nil
}

// mpWriter is a msgpack.Encoder that keeps the first error, so the
// attribute writers above stay one call per value.
type mpWriter struct {
	enc *msgpack.Encoder
	err error
}

func newMPWriter(buf *bytes.Buffer) *mpWriter { return &mpWriter{enc: msgpack.NewEncoder(buf)} }

func (w *mpWriter) keep(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

func (w *mpWriter) key(s string)   { w.keep(w.enc.EncodeString(s)) }
func (w *mpWriter) str(s string)   { w.keep(w.enc.EncodeString(s)) }
func (w *mpWriter) bool(b bool)    { w.keep(w.enc.EncodeBool(b)) }
func (w *mpWriter) int(n int)      { w.keep(w.enc.EncodeInt(int64(n))) }
func (w *mpWriter) null()          { w.keep(w.enc.EncodeNil()) }
func (w *mpWriter) mapLen(n int)   { w.keep(w.enc.EncodeMapLen(n)) }
func (w *mpWriter) arrayLen(n int) { w.keep(w.enc.EncodeArrayLen(n)) }

// optStr writes "" as null, like optString: an absent element never
// reaches the state as an empty string.
func (w *mpWriter) optStr(s string) {
	if s == "" {
		w.null()
		return
	}
	w.str(s)
}

// endpoint writes an address object; port 0 (absent) is null.
func (w *mpWriter) endpoint(e sps.Endpoint) {
	// ip, name, port: sorted.
	w.mapLen(3)
	w.key("ip")
	w.optStr(e.IP)
	w.key("name")
	w.optStr(e.Name)
	w.key("port")
	if e.Port == 0 {
		w.null()
	} else {
		w.int(e.Port)
	}
}

// spliceAttribute replaces the value of one top-level attribute of an
// encoded object (a state as the framework encoded it) with value, which
// must be an encoded value of that attribute's type. The attribute must be
// present and null in state: anything else means the framework and this
// provider disagree about the state, and nothing is changed.
func spliceAttribute(state []byte, name string, value []byte) ([]byte, error) {
	dec := msgpack.NewDecoder(bytes.NewReader(state))
	n, err := dec.DecodeMapLen()
	if err != nil {
		return nil, fmt.Errorf("state is not an object: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(len(state) + len(value))
	enc := msgpack.NewEncoder(&buf)
	if err := enc.EncodeMapLen(n); err != nil {
		return nil, err
	}
	found := false
	for range n {
		key, err := dec.DecodeString()
		if err != nil {
			return nil, fmt.Errorf("state: %w", err)
		}
		raw, err := dec.DecodeRaw()
		if err != nil {
			return nil, fmt.Errorf("state attribute %s: %w", key, err)
		}
		if err := enc.EncodeString(key); err != nil {
			return nil, err
		}
		if key == name {
			if !bytes.Equal(raw, []byte{0xc0}) {
				return nil, fmt.Errorf("state attribute %s is not null", name)
			}
			raw, found = value, true
		}
		buf.Write(raw)
	}
	if !found {
		return nil, errors.New("state has no attribute " + name)
	}
	return buf.Bytes(), nil
}

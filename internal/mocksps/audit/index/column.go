package index

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// termKind is the JSON type of an indexed leaf value.
type termKind uint8

const (
	kString termKind = iota
	kInt             // integer that round-trips through int64
	kNum             // any other JSON number, kept as written
	kBool
	kTime // a string in exactly the form 2006-01-02T15:04:05.000Z, kept as UNIX ms
)

// term is one leaf value of a column.
type term struct {
	kind termKind
	s    string // string value; number text for kNum; "true"/"false" for kBool
	i    int64  // kInt value; UNIX milliseconds for kTime
}

// raw returns the term as JSON text.
func (t *term) raw() []byte {
	switch t.kind {
	case kString:
		return jsondoc.AppendString(nil, t.s)
	case kTime:
		return jsondoc.AppendString(nil, jsondoc.FormatMillis(t.i))
	case kInt:
		return strconv.AppendInt(nil, t.i, 10)
	}
	return []byte(t.s)
}

// text is the term as plain text (CSV cells, wildcard matching).
func (t *term) text() string {
	switch t.kind {
	case kInt:
		return strconv.FormatInt(t.i, 10)
	case kTime:
		return jsondoc.FormatMillis(t.i)
	}
	return t.s
}

// column is the inverted index of one document leaf path (for example
// recording.connection_policy): its values, which values each session has
// (forward), and which sessions have each value (postings). Values inside
// arrays make a session multi-valued in that column.
//
// A column starts by interning values (one term per distinct value). When
// nearly every value turns out to be distinct (times, ids, ports), interning
// costs more than it saves, and the column switches to one term per
// occurrence ("unique" mode): then several terms may hold the same value.
type column struct {
	path   string
	isTime bool
	unique bool

	terms []term
	first []int32           // session -> first term id, -1 when the session has no value
	extra map[int32][]int32 // session -> further term ids (multi-valued)

	// Postings in compressed-row form: the sessions having term t are
	// postFlat[postOff[t]:postOff[t+1]], ascending.
	postOff  []int32
	postFlat []int32

	present Bitmap  // sessions with at least one value
	tim     []int64 // time columns: UNIX ns per term, NoTime when unparsable

	// Prepared on first use (queries), read-only afterwards.
	prepOnce sync.Once
	lower    []string  // lower-cased text of each term
	num      []float64 // numeric value, NaN when the term is not a number

	// Build-only state, dropped once the store is built.
	adds  int
	dictS map[string]int32
	dictI map[int64]int32
	dictN map[string]int32
	dictT map[int64]int32
	dictB [2]int32
}

func newColumn(path string, n int) *column {
	c := &column{
		path:   path,
		isTime: isTimePath(path),
		first:  make([]int32, n),
		extra:  map[int32][]int32{},
		dictS:  map[string]int32{},
		dictI:  map[int64]int32{},
		dictN:  map[string]int32{},
		dictT:  map[int64]int32{},
		dictB:  [2]int32{-1, -1},
	}
	for i := range c.first {
		c.first[i] = -1
	}
	return c
}

// isTimePath reports whether values at path are dates (compared as instants
// in ranges and by start/end).
func isTimePath(path string) bool {
	last := path[strings.LastIndexByte(path, '.')+1:]
	switch last {
	case "start_time", "end_time", "creation_time", "time", "date":
		return true
	}
	return false
}

// uniqueCheckAt is when a column decides whether to stop interning.
const uniqueCheckAt = 4096

func (c *column) newTerm(t term) int32 {
	id := int32(len(c.terms))
	c.terms = append(c.terms, t)
	return id
}

// intern looks a value up (or adds it), switching to unique mode when the
// column turns out to be nearly all distinct values.
func intern[K comparable](c *column, dict map[K]int32, k K, t term) int32 {
	c.adds++
	if c.unique {
		return c.newTerm(t)
	}
	id, ok := dict[k]
	if !ok {
		id = c.newTerm(t)
		dict[k] = id
	}
	if c.adds == uniqueCheckAt && len(c.terms) > uniqueCheckAt*9/10 {
		c.unique = true
		c.dictS, c.dictI, c.dictN, c.dictT = nil, nil, nil, nil
	}
	return id
}

func (c *column) addString(s int32, v string) {
	if c.isTime {
		if ms, ok := jsondoc.ParseMillis(v); ok {
			c.addTime(s, ms)
			return
		}
	}
	c.add(s, intern(c, c.dictS, v, term{kind: kString, s: v}))
}

func (c *column) addTime(s int32, ms int64) {
	c.add(s, intern(c, c.dictT, ms, term{kind: kTime, i: ms}))
}

func (c *column) addInt(s int32, v int64) {
	c.add(s, intern(c, c.dictI, v, term{kind: kInt, i: v}))
}

func (c *column) addNumber(s int32, text string) {
	c.add(s, intern(c, c.dictN, text, term{kind: kNum, s: text}))
}

func (c *column) addBool(s int32, v bool) {
	b := 0
	if v {
		b = 1
	}
	id := c.dictB[b]
	if id < 0 {
		id = c.newTerm(term{kind: kBool, s: strconv.FormatBool(v)})
		c.dictB[b] = id
	}
	c.add(s, id)
}

func (c *column) add(s, id int32) {
	f := c.first[s]
	switch {
	case f < 0:
		c.first[s] = id
	case f == id:
	default:
		ex := c.extra[s]
		if !slices.Contains(ex, id) {
			c.extra[s] = append(ex, id)
		}
	}
}

// finish drops the build state, builds the postings and parses the times
// start/end filtering needs right away.
func (c *column) finish(n int) {
	c.dictS, c.dictI, c.dictN, c.dictT = nil, nil, nil, nil
	c.present = NewBitmap(n)
	c.postOff = make([]int32, len(c.terms)+1)
	total := 0
	for s, f := range c.first {
		if f >= 0 {
			c.present.Set(int32(s))
			c.postOff[f+1]++
			total++
		}
	}
	for _, ex := range c.extra {
		for _, t := range ex {
			c.postOff[t+1]++
			total++
		}
	}
	for t := range c.terms {
		c.postOff[t+1] += c.postOff[t]
	}
	c.postFlat = make([]int32, total)
	fill := slices.Clone(c.postOff[:len(c.terms)])
	put := func(t, s int32) {
		c.postFlat[fill[t]] = s
		fill[t]++
	}
	for s, f := range c.first {
		if f < 0 {
			continue
		}
		put(f, int32(s))
		for _, t := range c.extra[int32(s)] {
			put(t, int32(s))
		}
	}
	if c.isTime {
		c.tim = make([]int64, len(c.terms))
		for i := range c.terms {
			c.tim[i] = termTime(&c.terms[i])
		}
	}
}

// termTime reads a term as an instant: ISO strings, date-only strings, epoch
// numbers.
func termTime(t *term) int64 {
	switch t.kind {
	case kBool:
		return NoTime
	case kTime:
		return t.i * 1e6
	}
	if tm, _, ok := ParseTime(t.text(), time.UTC); ok {
		return tm.UnixNano()
	}
	return NoTime
}

// prepare computes the lower-cased and numeric forms of the terms the first
// time a query needs them.
func (c *column) prepare() {
	c.prepOnce.Do(func() {
		c.lower = make([]string, len(c.terms))
		c.num = make([]float64, len(c.terms))
		for i := range c.terms {
			t := &c.terms[i]
			c.lower[i] = strings.ToLower(t.text())
			c.num[i] = math.NaN()
			switch t.kind {
			case kInt:
				c.num[i] = float64(t.i)
			case kNum, kString:
				if f, err := strconv.ParseFloat(t.s, 64); err == nil {
					c.num[i] = f
				}
			}
		}
	})
}

// postings returns the sessions having term t, ascending.
func (c *column) postings(t int32) []int32 { return c.postFlat[c.postOff[t]:c.postOff[t+1]] }

// values appends the term ids session s has in this column.
func (c *column) values(s int32, dst []int32) []int32 {
	f := c.first[s]
	if f < 0 {
		return dst
	}
	dst = append(dst, f)
	return append(dst, c.extra[s]...)
}

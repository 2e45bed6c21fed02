package index

import "github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"

// indexer is the jsondoc.Sink that feeds document leaves into the columns. Paths are
// dotted element names; array elements add no path segment, so the values of
// analytics.interesting_events or of every channel's channel_id end up
// multi-valued in one column.
//
// Links ({"href": ...} objects) are not indexed: they are derived from the
// session key and nobody filters on them.
type indexer struct {
	trail Bitmap // sessions with an audit trail (recording.audit_trail present)
	cols  map[string]*column
	n     int   // sessions in the store (column length)
	sess  int32 // session being indexed
	root  *pathNode
	stack []*pathNode
}

// pathNode is a trie of element paths. Documents repeat the same paths in
// the same order, so each node remembers which child was asked for last
// and finds it again without hashing.
type pathNode struct {
	path     string
	isTrail  bool // recording.audit_trail or psm.audit_trail
	children []*pathNode
	keys     []string
	hint     int
	col      *column
}

func newIndexer(n int) *indexer {
	root := &pathNode{}
	return &indexer{cols: map[string]*column{}, n: n, root: root, stack: []*pathNode{root}, trail: NewBitmap(n)}
}

func (p *pathNode) child(key string) *pathNode {
	if key == "" {
		return p // array elements add no path segment
	}
	if p.hint < len(p.keys) && p.keys[p.hint] == key {
		c := p.children[p.hint]
		p.hint++
		return c
	}
	for i, k := range p.keys {
		if k == key {
			p.hint = i + 1
			return p.children[i]
		}
	}
	path := key
	if p.path != "" {
		path = p.path + "." + key
	}
	c := &pathNode{path: path, isTrail: path == "recording.audit_trail" || path == "psm.audit_trail"}
	p.keys = append(p.keys, key)
	p.children = append(p.children, c)
	p.hint = len(p.keys)
	return c
}

func (x *indexer) top() *pathNode { return x.stack[len(x.stack)-1] }

// column returns the column for the current path plus key.
func (x *indexer) column(key string) *column {
	n := x.top().child(key)
	if n.col == nil {
		n.col = x.cols[n.path]
		if n.col == nil {
			n.col = newColumn(n.path, x.n)
			x.cols[n.path] = n.col
		}
	}
	return n.col
}

func (x *indexer) open(key string) {
	n := x.top().child(key)
	if n.isTrail {
		x.trail.Set(x.sess)
	}
	n.hint = 0
	x.stack = append(x.stack, n)
}

func (x *indexer) close() { x.stack = x.stack[:len(x.stack)-1] }

func (x *indexer) Object(key string) { x.open(key) }
func (x *indexer) EndObject()        { x.close() }
func (x *indexer) Array(key string)  { x.open(key) }
func (x *indexer) EndArray()         { x.close() }

// Links: links are derived from the session key; nobody filters on them.
func (x *indexer) Links() bool { return false }

func (x *indexer) Str(key, v string) {
	if key == "href" {
		return
	}
	if v != "" && x.top().child(key).isTrail {
		x.trail.Set(x.sess) // the older form: the trail's path as a string
	}
	x.column(key).addString(x.sess, v)
}

func (x *indexer) Integer(key string, v int64) { x.column(key).addInt(x.sess, v) }
func (x *indexer) Number(key, text string)     { x.column(key).addNumber(x.sess, text) }
func (x *indexer) Boolean(key string, v bool)  { x.column(key).addBool(x.sess, v) }
func (x *indexer) Null(string)                 {} // null is the same as missing
func (x *indexer) TimeMs(key string, ms int64) {
	c := x.column(key)
	if c.isTime {
		c.addTime(x.sess, ms)
	} else {
		c.addString(x.sess, jsondoc.FormatMillis(ms))
	}
}

package sps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"unicode/utf8"
)

// Search pages are the client's hot path: 500 sessions of about 2 KB each,
// up to 20 pages per search. Decoding them with encoding/json (one scan to
// find each item, a second to decode it by reflection, skipping the
// elements Session does not keep) cost more CPU than the 20 ms an
// appliance takes to answer, so concurrent paging could not hide the
// latency on a small machine.
//
// fastSessionPage decodes the common shape of a page directly: it walks
// the bytes once, validating as it goes, and fills sessionDoc field by
// field with exactly the rules encoding/json applies (the flexString and
// flexInt decoders are called on the same raw values). Whenever it meets
// anything outside that plain shape (a key that matches a field only
// case-insensitively, a type encoding/json would reject, an escaped key,
// invalid UTF-8, malformed JSON), it gives up and the page is decoded by
// the encoding/json path instead, so results and errors are those of
// encoding/json in every case. FuzzFastSessionPage checks the two agree.

var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// getSessionPage GETs one page of the session search on the read session
// and decodes it. sizeHint is the number of sessions expected.
func (c *Client) getSessionPage(ctx context.Context, path string, query url.Values, sizeHint int) ([]Session, pageMeta, error) {
	resp, err := c.send(ctx, request{sess: c.read, method: http.MethodGet, path: path, query: query, safe: true, relogin: true}, c.http)
	if err != nil {
		return nil, pageMeta{}, err
	}
	defer resp.Body.Close()
	// Page buffers (about 1 MB for 500 sessions) are reused: decoding
	// copies every value it keeps out of the buffer.
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer pageBuffers.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return nil, pageMeta{}, fmt.Errorf("SPS API GET %s: reading answer: %w", path, err)
	}
	body := buf.Bytes()
	if sessions, meta, ok := fastSessionPage(body, sizeHint); ok {
		return sessions, meta, nil
	}
	sessions, meta, err := slowSessionPage(body, sizeHint)
	if err != nil {
		return nil, meta, fmt.Errorf("SPS API GET %s: decoding answer: %w", path, err)
	}
	return sessions, meta, nil
}

// slowSessionPage decodes a page with encoding/json: the reference
// behavior, and the fallback of fastSessionPage.
func slowSessionPage(body []byte, sizeHint int) ([]Session, pageMeta, error) {
	sessions := make([]Session, 0, sizeHint)
	meta, err := decodeList(bytes.NewReader(body), func(dec *json.Decoder) error {
		var it struct {
			Key  flexString `json:"key"`
			Body sessionDoc `json:"body"`
		}
		if err := dec.Decode(&it); err != nil {
			return err
		}
		sessions = append(sessions, it.Body.session(string(it.Key)))
		return nil
	})
	return sessions, meta, err
}

// fastSessionPage decodes {"items": [{"key": ..., "body": {...}}, ...],
// "meta": {...}} exactly as slowSessionPage would, or returns ok=false.
func fastSessionPage(b []byte, sizeHint int) (sessions []Session, meta pageMeta, ok bool) {
	sessions = make([]Session, 0, sizeHint)
	p := &fastParser{b: b}
	ok = p.object(func(key []byte) bool {
		switch string(key) {
		case "items":
			if p.null() {
				return true
			}
			return p.array(func() bool {
				s, ok := p.sessionItem()
				if ok {
					sessions = append(sessions, s)
				}
				return ok
			})
		case "meta":
			raw, ok := p.skip()
			return ok && json.Unmarshal(raw, &meta) == nil
		default:
			_, ok := p.skip()
			return ok
		}
	})
	// Like decodeList, ignore whatever follows the top-level object.
	return sessions, meta, ok
}

// fastParser walks a JSON text. Every method validates what it consumes
// and returns false on anything it does not handle; p.i is then
// meaningless and the caller falls back to encoding/json.
type fastParser struct {
	b []byte
	i int
}

func (p *fastParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) peek() byte {
	p.ws()
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// null consumes a null literal if one comes next.
func (p *fastParser) null() bool {
	if p.peek() == 'n' && bytes.HasPrefix(p.b[p.i:], []byte("null")) {
		p.i += 4
		return true
	}
	return false
}

// object walks an object, calling member with each key; member must
// consume the value.
func (p *fastParser) object(member func(key []byte) bool) bool {
	if p.peek() != '{' {
		return false
	}
	p.i++
	if p.peek() == '}' {
		p.i++
		return true
	}
	for {
		if p.peek() != '"' {
			return false
		}
		raw, plain, ok := p.str()
		if !ok || !plain {
			return false // escaped keys: let encoding/json unescape and match them
		}
		if p.peek() != ':' {
			return false
		}
		p.i++
		if !member(raw) {
			return false
		}
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return true
		default:
			return false
		}
	}
}

// array walks an array, calling elem for each element; elem must consume
// it.
func (p *fastParser) array(elem func() bool) bool {
	if p.peek() != '[' {
		return false
	}
	p.i++
	if p.peek() == ']' {
		p.i++
		return true
	}
	for {
		if !elem() {
			return false
		}
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return true
		default:
			return false
		}
	}
}

// str consumes a string and returns its raw contents (between the quotes)
// and whether they are plain: no escapes, and valid UTF-8 (encoding/json
// replaces invalid bytes, so those are not plain either). Control
// characters are invalid JSON.
func (p *fastParser) str() (raw []byte, plain, ok bool) {
	if p.peek() != '"' {
		return nil, false, false
	}
	start := p.i + 1
	plain, ascii := true, true
	for i := start; i < len(p.b); i++ {
		c := p.b[i]
		switch {
		case c == '"':
			p.i = i + 1
			raw = p.b[start:i]
			if !ascii && plain && !utf8.Valid(raw) {
				plain = false
			}
			return raw, plain, true
		case c == '\\':
			plain = false
			i++
			if i >= len(p.b) {
				return nil, false, false
			}
			switch p.b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(p.b) || !isHex4(p.b[i+1:i+5]) {
					return nil, false, false
				}
				i += 4
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false, false
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

// number consumes a number in JSON's grammar.
func (p *fastParser) number() bool {
	b, i := p.b, p.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	p.i = i
	return true
}

// skip consumes any value, validating it, and returns its raw bytes.
func (p *fastParser) skip() ([]byte, bool) {
	c := p.peek()
	start := p.i
	ok := false
	switch {
	case c == '{':
		ok = p.object(func([]byte) bool { _, ok := p.skip(); return ok })
	case c == '[':
		ok = p.array(func() bool { _, ok := p.skip(); return ok })
	case c == '"':
		_, _, ok = p.str()
	case c == '-' || '0' <= c && c <= '9':
		ok = p.number()
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if bytes.HasPrefix(p.b[p.i:], []byte(lit)) {
				p.i += len(lit)
				ok = true
				break
			}
		}
	}
	return p.b[start:p.i], ok
}

// jsonMember is one JSON member of a struct T that the fast path decodes: its
// name, exactly as encoding/json would match it, and the setter that
// decodes its value into the struct.
type jsonMember[T any] struct {
	name string
	set  func(p *fastParser, v *T) bool
}

// setMember decodes the value of key into v. A key that is not an exact
// match but would match one of members case-insensitively (encoding/json's
// rule), or that is not ASCII (encoding/json folds a few non-ASCII letters
// onto ASCII ones), declines the fast path; any other unknown key is
// skipped.
func setMember[T any](p *fastParser, key []byte, v *T, members []jsonMember[T]) bool {
	for i := range members {
		if string(key) == members[i].name {
			return members[i].set(p, v)
		}
	}
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	for i := range members {
		if equalFoldASCII(key, members[i].name) {
			return false
		}
	}
	_, ok := p.skip()
	return ok
}

// setObject decodes a nested struct; null leaves it as it is.
func setObject[T any](p *fastParser, v *T, members []jsonMember[T]) bool {
	if p.null() {
		return true
	}
	return p.object(func(key []byte) bool { return setMember(p, key, v, members) })
}

func equalFoldASCII(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// The value setters follow encoding/json: null leaves a plain field as it
// is; a type encoding/json would reject declines.

func (p *fastParser) setString(dst *string) bool {
	if p.null() {
		return true
	}
	raw, plain, ok := p.str()
	if !ok || !plain {
		return false
	}
	*dst = string(raw)
	return true
}

func (p *fastParser) setBool(dst *bool) bool {
	switch {
	case p.null():
	case bytes.HasPrefix(p.b[p.i:], []byte("true")):
		*dst, p.i = true, p.i+4
	case bytes.HasPrefix(p.b[p.i:], []byte("false")):
		*dst, p.i = false, p.i+5
	default:
		return false
	}
	return true
}

// setFlex hands the raw value to the type's own UnmarshalJSON, as
// encoding/json does (null included).
func (p *fastParser) setFlex(dst json.Unmarshaler) bool {
	raw, ok := p.skip()
	return ok && dst.UnmarshalJSON(raw) == nil
}

func (p *fastParser) setStrings(dst *[]string) bool {
	if p.null() {
		*dst = nil
		return true
	}
	out := []string{}
	ok := p.array(func() bool {
		var s string
		if !p.setString(&s) {
			return false
		}
		out = append(out, s)
		return true
	})
	*dst = out
	return ok
}

// The members of each struct of a search page that the fast path decodes,
// with the same names and setters as the json tags and types of sessionDoc.

type sessionItemDoc struct {
	key  flexString
	body sessionDoc
}

var itemMembers = []jsonMember[sessionItemDoc]{
	{"key", func(p *fastParser, it *sessionItemDoc) bool { return p.setFlex(&it.key) }},
	{"body", func(p *fastParser, it *sessionItemDoc) bool { return setObject(p, &it.body, sessionMembers) }},
}

var sessionMembers = []jsonMember[sessionDoc]{
	{"active", func(p *fastParser, d *sessionDoc) bool { return p.setBool(&d.Active) }},
	{"protocol", func(p *fastParser, d *sessionDoc) bool { return p.setString(&d.Protocol) }},
	{"verdict", func(p *fastParser, d *sessionDoc) bool { return p.setFlex(&d.Verdict) }},
	{"start_time", func(p *fastParser, d *sessionDoc) bool { return p.setFlex(&d.StartTime) }},
	{"end_time", func(p *fastParser, d *sessionDoc) bool { return p.setFlex(&d.EndTime) }},
	{"duration", func(p *fastParser, d *sessionDoc) bool { return p.setFlex(&d.Duration) }},
	{"creation_time", func(p *fastParser, d *sessionDoc) bool { return p.setFlex(&d.CreationTime) }},
	{"origin", func(p *fastParser, d *sessionDoc) bool { return p.setString(&d.Origin) }},
	{"node_id", func(p *fastParser, d *sessionDoc) bool { return p.setString(&d.NodeID) }},
	{"user", func(p *fastParser, d *sessionDoc) bool { return setObject(p, &d.User, userMembers) }},
	{"client", func(p *fastParser, d *sessionDoc) bool { return setObject(p, &d.Client, endpointMembers) }},
	{"server", func(p *fastParser, d *sessionDoc) bool { return setObject(p, &d.Server, endpointMembers) }},
	{"recording", func(p *fastParser, d *sessionDoc) bool { return setObject(p, &d.Recording, recordingMembers) }},
	{"analytics", func(p *fastParser, d *sessionDoc) bool { return setObject(p, &d.Analytics, analyticsMembers) }},
}

var userMembers = []jsonMember[userDoc]{
	{"id", func(p *fastParser, u *userDoc) bool { return p.setFlex(&u.ID) }},
	{"name", func(p *fastParser, u *userDoc) bool { return p.setFlex(&u.Name) }},
	{"gateway_username", func(p *fastParser, u *userDoc) bool { return p.setFlex(&u.GatewayUsername) }},
	{"server_username", func(p *fastParser, u *userDoc) bool { return p.setFlex(&u.ServerUsername) }},
}

var endpointMembers = []jsonMember[endpointDoc]{
	{"ip", func(p *fastParser, e *endpointDoc) bool { return p.setString(&e.IP) }},
	{"name", func(p *fastParser, e *endpointDoc) bool { return p.setString(&e.Name) }},
	{"port", func(p *fastParser, e *endpointDoc) bool { return p.setFlex(&e.Port) }},
}

var recordingMembers = []jsonMember[recordingDoc]{
	{"session_id", func(p *fastParser, r *recordingDoc) bool { return p.setFlex(&r.SessionID) }},
	{"archived", func(p *fastParser, r *recordingDoc) bool { return p.setBool(&r.Archived) }},
	{"auth_method", func(p *fastParser, r *recordingDoc) bool { return p.setFlex(&r.AuthMethod) }},
	{"channel_policy", func(p *fastParser, r *recordingDoc) bool { return p.setFlex(&r.ChannelPolicy) }},
	{"connection_policy", func(p *fastParser, r *recordingDoc) bool { return p.setFlex(&r.ConnectionPolicy) }},
	{"connection_policy_id", func(p *fastParser, r *recordingDoc) bool { return p.setFlex(&r.ConnectionPolicyID) }},
	{"content_reference_id", func(p *fastParser, r *recordingDoc) bool { return p.setFlex(&r.ContentReferenceID) }},
	{"has_accepted_channel", func(p *fastParser, r *recordingDoc) bool { return p.setBool(&r.HasAcceptedChannel) }},
	{"index_status", func(p *fastParser, r *recordingDoc) bool { return p.setFlex(&r.IndexStatus) }},
	{"verdict", func(p *fastParser, r *recordingDoc) bool { return p.setFlex(&r.Verdict) }},
	{"target", func(p *fastParser, r *recordingDoc) bool { return setObject(p, &r.Target, endpointMembers) }},
	{"server_local", func(p *fastParser, r *recordingDoc) bool { return setObject(p, &r.ServerLocal, endpointMembers) }},
}

var analyticsMembers = []jsonMember[analyticsDoc]{
	{"interesting_events", func(p *fastParser, a *analyticsDoc) bool { return p.setStrings(&a.InterestingEvents) }},
	{"tags", func(p *fastParser, a *analyticsDoc) bool { return p.setStrings(&a.Tags) }},
	{"scripted", func(p *fastParser, a *analyticsDoc) bool { return p.setBool(&a.Scripted) }},
	{"score", func(p *fastParser, a *analyticsDoc) bool { return setObject(p, &a.Score, scoreMembers) }},
}

var scoreMembers = []jsonMember[scoreDoc]{
	{"aggregated", func(p *fastParser, s *scoreDoc) bool { return p.setFlex(&s.Aggregated) }},
}

// sessionItem decodes one item of the list into a Session.
func (p *fastParser) sessionItem() (Session, bool) {
	var it sessionItemDoc
	if !p.object(func(key []byte) bool { return setMember(p, key, &it, itemMembers) }) {
		return Session{}, false
	}
	return it.body.session(string(it.key)), true
}

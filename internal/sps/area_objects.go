package sps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"golang.org/x/sync/errgroup"
)

// Objects serves one area of keyed objects (a list endpoint): reads from
// the committed configuration through the read cache, writes through the
// engine, every write read back after its commit. Every error it returns
// is an *AreaError naming the area and the key.
type Objects struct {
	c    *Client
	area *Area
}

// Objects returns the keyed-object implementation for area a.
func (c *Client) Objects(a *Area) *Objects { return &Objects{c: c, area: a} }

// Area is the area o serves.
func (o *Objects) Area() *Area { return o.area }

func (o *Objects) fail(key string, err error) error {
	if err == nil {
		return nil
	}
	return &AreaError{Area: o.area, Key: key, Err: err}
}

// List returns every committed object of the area, from the read cache
// (one list request per area however many callers ask).
func (o *Objects) List(ctx context.Context) ([]Object, error) {
	l, _, err := o.c.cache.get(ctx, o.area)
	if err != nil {
		return nil, o.fail("", err)
	}
	out := make([]Object, len(l.items))
	for i, it := range l.items {
		out[i] = it.clone()
	}
	return out, nil
}

// Get returns one committed object; a missing key gives an error for which
// IsNotFound holds. Lookups are served from the cached list, and only a
// key missing from a list read earlier is confirmed with a direct GET
// (the object may have been created since).
func (o *Objects) Get(ctx context.Context, key string) (*Object, error) {
	l, fresh, err := o.c.cache.get(ctx, o.area)
	if err != nil {
		return nil, o.fail(key, err)
	}
	if it, ok := l.lookup(key); ok {
		return &it, nil
	}
	if fresh {
		return nil, o.fail(key, o.c.notFound(o.area.objectPath(key)))
	}
	it, err := o.getDirect(ctx, key)
	return it, o.fail(key, err)
}

// getDirect reads one committed object, bypassing the cache.
func (o *Objects) getDirect(ctx context.Context, key string) (*Object, error) {
	var r rawItem
	if err := o.c.getJSON(ctx, o.area.objectPath(key), nil, &r); err != nil {
		return nil, err
	}
	if r.Key == "" {
		r.Key = key
	}
	return &Object{Key: r.Key, Body: r.Body}, nil
}

// Create posts fields as a new object and returns it as committed and read
// back. A create refused while a committed object holds the name (Named
// areas) is a *NameTakenError with that object's key. When the commit's
// outcome is unknown, the object (its key and the fields sent) comes back
// with the error, for the caller to record: the next refresh tells.
func (o *Objects) Create(ctx context.Context, fields map[string]any) (*Object, error) {
	if err := o.writable(); err != nil {
		return nil, o.fail("", err)
	}
	body := Writable(fields)
	sent, err := json.Marshal(body)
	if err != nil {
		return nil, o.fail("", err)
	}
	name, _ := body["name"].(string)
	if !o.area.Named {
		name = ""
	}
	var key string
	op := operation{
		desc: o.describe("creating", "", name),
		apply: func(ctx context.Context, tx *txn) error {
			k, err := tx.create(ctx, o.area.Endpoint(), body, name)
			key = k
			return err
		},
		verify: func(ctx context.Context) error {
			if key == "" {
				return errNotApplied
			}
			_, err := o.getDirect(ctx, key)
			if IsNotFound(err) {
				return errNotApplied
			}
			return err
		},
	}
	if err := o.c.engine.submit(ctx, op); err != nil {
		if IsCommitOutcomeUnknown(err) && key != "" {
			return &Object{Key: key, Body: sent}, o.fail(key, err)
		}
		return nil, o.fail("", o.nameTaken(ctx, name, err))
	}
	return o.readBack(ctx, key, "created", sent)
}

// Update writes the declared fields onto the object by the area's Overlay
// (Area.Declare): undeclared fields keep the value SPS holds.
func (o *Objects) Update(ctx context.Context, key string, fields map[string]any) (*Object, error) {
	return o.Edit(ctx, key, o.area.Declare(fields), nameOf(o.area, fields))
}

// Edit applies e to the object inside a transaction: it reads the object
// there, builds the whole new body with e.Apply and writes it back. name
// (may be "") is for messages only. When the commit's outcome is unknown,
// or the commit landed but reading back failed, the body written comes
// back with the error.
func (o *Objects) Edit(ctx context.Context, key string, e Edit, name string) (*Object, error) {
	if err := o.writable(); err != nil {
		return nil, o.fail(key, err)
	}
	path := o.area.objectPath(key)
	var written []byte
	op := operation{
		desc:  o.describe("updating", key, name),
		apply: editApply(path, e, &written),
		verify: func(ctx context.Context) error {
			got, err := o.getDirect(ctx, key)
			if err != nil {
				return err
			}
			return landed(e, got)
		},
	}
	if err := o.c.engine.submit(ctx, op); err != nil {
		if IsCommitOutcomeUnknown(err) && written != nil {
			return &Object{Key: key, Body: written}, o.fail(key, err)
		}
		return nil, o.fail(key, err)
	}
	return o.readBack(ctx, key, "updated", written)
}

// editApply is the writes of an edit of the object (or singleton) at path:
// read it in the transaction, apply, write the whole body. written
// receives the body sent.
func editApply(path string, e Edit, written *[]byte) func(context.Context, *txn) error {
	return func(ctx context.Context, tx *txn) error {
		var cur rawItem
		if err := tx.get(ctx, path, nil, &cur); err != nil {
			return err
		}
		current, err := decodeFields(cur.Body)
		if err != nil {
			return fmt.Errorf("SPS API GET %s: decoding: %w", path, err)
		}
		next, err := e.Apply(current)
		if err != nil {
			return err
		}
		body := Writable(next)
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		*written = b
		return tx.put(ctx, path, json.RawMessage(b), nil)
	}
}

// landed is an edit's verify verdict on the committed object got.
func landed(e Edit, got *Object) error {
	fields, err := got.Fields()
	if err != nil {
		return err
	}
	if !e.Landed(fields) {
		return errNotApplied
	}
	return nil
}

// Delete deletes the object; one already gone is success. A built-in
// object (negative key) is refused with a *BuiltinObjectError before
// anything is sent: SPS never deletes those.
func (o *Objects) Delete(ctx context.Context, key string) error {
	if IsBuiltinKey(key) {
		return o.fail(key, &BuiltinObjectError{Noun: o.area.Noun, Key: key})
	}
	if err := o.writable(); err != nil {
		return o.fail(key, err)
	}
	path := o.area.objectPath(key)
	op := operation{
		desc: o.describe("deleting", key, ""),
		apply: func(ctx context.Context, tx *txn) error {
			if err := tx.delete(ctx, path); err != nil && !IsNotFound(err) {
				return err
			}
			return nil
		},
		verify: func(ctx context.Context) error {
			_, err := o.getDirect(ctx, key)
			switch {
			case IsNotFound(err):
				return nil
			case err == nil:
				return errNotApplied
			}
			return err
		},
	}
	if err := o.c.engine.submit(ctx, op); err != nil {
		return o.fail(key, err)
	}
	// Read back: it must be gone from the committed configuration.
	ctx, cancel := o.c.detached(ctx)
	defer cancel()
	_, err := o.Get(ctx, key)
	switch {
	case IsNotFound(err):
		return nil
	case err == nil:
		return o.fail(key, fmt.Errorf("%s %s still exists after its deletion was committed", o.area.Noun, key))
	}
	return o.fail(key, CommittedError{Err: fmt.Errorf("%s %s: deletion committed, but reading back failed: %w", o.area.Noun, key, err)})
}

// readBack reads the object just committed under key. If reading fails,
// it returns what it knows (the key and the body sent) with the error, for
// the caller to record: the object is on the appliance, and forgetting it
// would make the next create of the same name fail as a duplicate. An
// object missing when read back returns nil.
func (o *Objects) readBack(ctx context.Context, key, what string, sent []byte) (*Object, error) {
	ctx, cancel := o.c.detached(ctx)
	defer cancel()
	it, err := o.Get(ctx, key)
	if err == nil {
		return it, nil
	}
	if IsNotFound(err) {
		return nil, o.fail(key, CommittedError{Err: fmt.Errorf("%s %s was %s and committed, but is missing when read back (was it deleted by someone else?): %w",
			o.area.Noun, key, what, err)})
	}
	return &Object{Key: key, Body: sent}, o.fail(key, CommittedError{Err: fmt.Errorf("%s %s was %s and committed, but reading it back failed: %w",
		o.area.Noun, key, what, err)})
}

// nameTaken turns a create SPS refused (400) into a *NameTakenError when a
// committed object of the area already has the name. The list is asked
// rather than SPS's message read: SPS documents no wording (or type) for a
// taken name, and the key of the object holding it is what the user needs.
// A failed lookup leaves err as it is.
func (o *Objects) nameTaken(ctx context.Context, name string, err error) error {
	if name == "" || !IsValidation(err) || IsCommitted(err) || ctx.Err() != nil {
		return err
	}
	items, lerr := o.c.fetchList(ctx, o.area)
	if lerr != nil {
		return err
	}
	for _, it := range items {
		var b struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(it.Body, &b) == nil && b.Name == name {
			return &NameTakenError{Object: o.area.Noun, Name: name, Key: it.Key, Err: err}
		}
	}
	return err
}

func (o *Objects) writable() error {
	if o.area.ReadOnly != "" {
		return &ReadOnlyError{Noun: o.area.Noun, Path: o.area.Endpoint(), Reason: o.area.ReadOnly}
	}
	return nil
}

// describe is an operation's description in messages: "creating VNC
// settings policy \"x\"", "updating VNC settings policy 7 (\"x\")",
// "deleting VNC settings policy 7".
func (o *Objects) describe(verb, key, name string) string {
	s := verb + " " + o.area.Noun
	if key != "" {
		s += " " + key
	}
	switch {
	case name != "" && key != "":
		s += fmt.Sprintf(" (%q)", name)
	case name != "":
		s += fmt.Sprintf(" %q", name)
	}
	return s
}

// nameOf is the declared name of a Named area's object, for messages.
func nameOf(a *Area, fields map[string]any) string {
	if !a.Named {
		return ""
	}
	s, _ := fields["name"].(string)
	return s
}

func (c *Client) notFound(path string) *NotFoundError {
	return &NotFoundError{API: &Error{
		Method: http.MethodGet, Path: path, StatusCode: http.StatusNotFound, Type: errTypeNotFound,
		Message: "the object does not exist", user: c.cfg.Username, baseURL: c.baseURL.String(),
	}}
}

// rawItem is one list item (or one object) as SPS sends it.
type rawItem struct {
	Key  string          `json:"key"`
	Body json.RawMessage `json:"body"`
	Meta struct {
		Href string `json:"href"`
	} `json:"meta"`
}

// hrefFetches bounds the object GETs in flight when a list sends links
// without bodies.
const hrefFetches = 8

// fetchList reads an area's committed list with its bodies, bypassing the
// cache. Lists usually embed each item's body; on firmware that sends only
// links, each item is fetched, a few at a time.
func (c *Client) fetchList(ctx context.Context, a *Area) ([]Object, error) {
	path := a.Endpoint()
	var list struct {
		Items []rawItem `json:"items"`
	}
	if err := c.getJSON(ctx, path, nil, &list); err != nil {
		return nil, err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(hrefFetches)
	for i := range list.Items {
		it := &list.Items[i]
		if hasBody(it.Body) {
			continue
		}
		href := it.Meta.Href
		if href == "" {
			href = path + "/" + url.PathEscape(it.Key)
		}
		g.Go(func() error {
			var one rawItem
			err := c.getJSON(gctx, href, nil, &one)
			if IsNotFound(err) {
				return nil // deleted between list and get
			}
			it.Body = one.Body
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]Object, 0, len(list.Items))
	for _, it := range list.Items {
		if hasBody(it.Body) {
			out = append(out, Object{Key: it.Key, Body: it.Body})
		}
	}
	return out, nil
}

func hasBody(b json.RawMessage) bool { return len(b) > 0 && string(b) != "null" }

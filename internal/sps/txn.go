package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

const transactionPath = "/api/transaction"

// transactionOpen is the status of a transaction that is neither committed
// nor rolled back (GET /api/transaction).
const transactionOpen = "open"

// txn is what an operation's writes run against: the write session, inside
// the transaction the engine opened. Reads through it see the transaction's
// uncommitted working copy.
type txn struct {
	c *Client
	// created holds the keys this transaction's creates got, for
	// findCreated.
	created map[string]bool
}

func (t *txn) req(method, path string, body any, safe bool) request {
	return request{sess: t.c.write, method: method, path: path, body: body, safe: safe}
}

func (t *txn) get(ctx context.Context, path string, query url.Values, out any) error {
	r := t.req(http.MethodGet, path, nil, true)
	r.query = query
	return t.c.doJSON(ctx, r, out)
}

// post is never repeated blindly: a create that lost its answer may have
// happened. Use create for objects.
func (t *txn) post(ctx context.Context, path string, body, out any) error {
	return t.c.doJSON(ctx, t.req(http.MethodPost, path, body, false), out)
}

// put replaces a whole object, so repeating it is harmless.
func (t *txn) put(ctx context.Context, path string, body, out any) error {
	return t.c.doJSON(ctx, t.req(http.MethodPut, path, body, true), out)
}

// delete may be repeated: a repeat of a delete that happened answers 404,
// which callers treat as done.
func (t *txn) delete(ctx context.Context, path string) error {
	return t.c.doJSON(ctx, t.req(http.MethodDelete, path, nil, true), nil)
}

// maxCreateAttempts bounds POSTs of one object within one transaction.
const maxCreateAttempts = 3

// create POSTs body to listPath and returns the new key. When the answer is
// lost (connection dropped, 5xx), the object may or may not exist in the
// transaction, so the transaction's change list is read and searched for a
// create of this object under listPath (by name, or for objects without
// one, by body); only an absent object is POSTed again. The change list
// holds only this transaction's own writes, so an object of the same name
// that someone else created is never taken for ours (the repeated POST
// then meets SPS's uniqueness check).
func (t *txn) create(ctx context.Context, listPath string, body any, name string) (string, error) {
	for attempt := 1; ; attempt++ {
		var out struct {
			Key string `json:"key"`
		}
		err := t.post(ctx, listPath, body, &out)
		if err == nil {
			if out.Key == "" {
				return "", fmt.Errorf("SPS API POST %s: the answer holds no key", listPath)
			}
			t.claim(out.Key)
			return out.Key, nil
		}
		if !isAmbiguous(err) || ctx.Err() != nil {
			return "", err
		}
		key, found, lerr := t.findCreated(ctx, listPath, body, name)
		if lerr != nil {
			return "", fmt.Errorf("%w (checking whether the object was created anyway failed: %w)", err, lerr)
		}
		if found {
			t.c.info(ctx, "SPS create answer was lost, but the object exists; not posting again",
				map[string]any{"path": listPath, "name": name, "key": key})
			t.claim(key)
			return key, nil
		}
		if attempt >= maxCreateAttempts {
			return "", err
		}
		t.c.warn(ctx, "SPS create answer was lost and the object does not exist; posting again",
			map[string]any{"path": listPath, "name": name, "attempt": attempt + 1, "error": err.Error()})
	}
}

// claim records key as created by an operation of this transaction, so a
// lost answer of another create of an unnamed object is not matched to it.
func (t *txn) claim(key string) {
	if t.created == nil {
		t.created = map[string]bool{}
	}
	t.created[key] = true
}

const transactionChangesPath = transactionPath + "/changes"

// findCreated looks in the open transaction's change list for a create
// under listPath of this object, and returns its key: the create whose new
// value is named name or, when name is "", the one create not yet claimed
// whose new value carries body's fields (two such creates cannot be told
// apart, so none is taken).
func (t *txn) findCreated(ctx context.Context, listPath string, body any, name string) (string, bool, error) {
	var out struct {
		Changes []struct {
			Type     string          `json:"type"`
			Path     string          `json:"path"`
			NewValue json.RawMessage `json:"new_value"`
		} `json:"changes"`
	}
	if err := t.get(ctx, transactionChangesPath, nil, &out); err != nil {
		return "", false, err
	}
	want, _ := FieldsOf(body)
	var matches []string
	for _, ch := range out.Changes {
		if ch.Type != "create" {
			continue
		}
		key, ok := keyUnder(ch.Path, listPath)
		if !ok || t.created[key] {
			continue
		}
		got := changeValue(ch.NewValue)
		if name != "" {
			if n, _ := got["name"].(string); n == name {
				return key, true, nil
			}
			continue
		}
		if want != nil && Covers(want, got) {
			matches = append(matches, key)
		}
	}
	if len(matches) == 1 {
		return matches[0], true, nil
	}
	return "", false, nil
}

// keyUnder returns the last segment of path if path is an object directly
// under listPath (with or without the leading /api).
func keyUnder(path, listPath string) (string, bool) {
	for _, prefix := range []string{listPath + "/", strings.TrimPrefix(listPath, "/api") + "/"} {
		if rest, ok := strings.CutPrefix(path, prefix); ok && rest != "" && !strings.Contains(rest, "/") {
			k, err := url.PathUnescape(rest)
			return k, err == nil
		}
	}
	return "", false
}

// changeValue decodes a change's new_value, which SPS sends as a JSON
// object or as a string holding one.
func changeValue(v json.RawMessage) map[string]any {
	if m, err := decodeFields(v); err == nil {
		return m
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		if m, err := decodeFields([]byte(s)); err == nil {
			return m
		}
	}
	return nil
}

// transactionStatus reads GET /api/transaction on the write session. SPS
// puts the status in body.status on newer firmware and transaction.status
// on older; either is accepted.
func (c *Client) transactionStatus(ctx context.Context) (string, error) {
	var st struct {
		Body *struct {
			Status string `json:"status"`
		} `json:"body"`
		Transaction *struct {
			Status string `json:"status"`
		} `json:"transaction"`
	}
	if err := c.doJSON(ctx, request{sess: c.write, method: http.MethodGet, path: transactionPath, safe: true}, &st); err != nil {
		return "", err
	}
	switch {
	case st.Body != nil && st.Body.Status != "":
		return st.Body.Status, nil
	case st.Transaction != nil && st.Transaction.Status != "":
		return st.Transaction.Status, nil
	}
	return "", errors.New("SPS API GET /api/transaction: the answer holds no status")
}

package sps

import (
	"errors"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// The area machinery against the mock's configuration tree: any family,
// typed by nothing but its Area.

func storedFields(t *testing.T, env *mockEnv, path, key string) map[string]any {
	t.Helper()
	b, ok := env.srv.ConfigObject(path, key)
	if !ok {
		t.Fatalf("%s/%s is not on the mock", path, key)
	}
	return mustFields(t, string(b))
}

// A time policy's life: create, an update of one declared day keeps the
// others as SPS holds them, delete.
func TestTreeTimePolicy(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	objs := env.client().Objects(&Area{Path: "policies/time_policies", Noun: "time policy", Named: true})
	ctx := ctxT(t)
	created, err := objs.Create(ctx, mustFields(t, `{"name":"office","Mon":[["08:00","17:00"]],"Tue":[["08:00","17:00"]]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := objs.Update(ctx, created.Key, mustFields(t, `{"Tue":[["09:00","12:00"]]}`)); err != nil {
		t.Fatal(err)
	}
	got := jsonText(t, storedFields(t, env, "policies/time_policies", created.Key))
	if want := `{"Mon":[["08:00","17:00"]],"Tue":[["09:00","12:00"]],"name":"office"}`; got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
	_, err = objs.Create(ctx, mustFields(t, `{"name":"7x24"}`))
	var taken *NameTakenError
	if !errors.As(err, &taken) || taken.Key != "-100" {
		t.Errorf("the seeded 7x24's name: %v", err)
	}
	if err := objs.Delete(ctx, created.Key); err != nil {
		t.Fatal(err)
	}
	if _, ok := env.srv.ConfigObject("policies/time_policies", created.Key); ok {
		t.Error("still on the mock after delete")
	}
}

// An object another one refers to is not deleted: the error is typed and
// names the referrer. A reference written as a key reads back as SPS shows
// it, and compares equal to the key.
func TestTreeReferencedDelete(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	ctx := ctxT(t)
	indexing := c.Objects(&Area{Path: "policies/indexing", Noun: "indexing policy", Named: true})
	idx, err := indexing.Create(ctx, mustFields(t, `{"name":"idx"}`))
	if err != nil {
		t.Fatal(err)
	}
	conns := c.Objects(&Area{Path: "ssh/connections", Noun: "SSH connection policy", Named: true})
	declared := map[string]any{"indexing": map[string]any{"policy": idx.Key}}
	conn, err := conns.Update(ctx, "8348340645707e2575e3c6", declared)
	if err != nil {
		t.Fatal(err)
	}
	fields, _ := conn.Fields()
	if !Covers(declared, fields) {
		t.Errorf("read back %s does not cover %v", conn.Body, declared)
	}
	err = indexing.Delete(ctx, idx.Key)
	var ref *ReferencedObjectError
	if !errors.As(err, &ref) || len(ref.ReferencedBy()) != 1 || !strings.Contains(ref.ReferencedBy()[0], "8348340645707e2575e3c6") {
		t.Fatalf("err = %v, want a *ReferencedObjectError naming the connection policy", err)
	}
	if a := AreaOf(err); a == nil || a.Noun != "indexing policy" {
		t.Errorf("area %v", a)
	}
}

// SPS's own refusal of a write to a read-only family is the same type as
// the client's refusal.
func TestTreeReadOnlyRefusedBySPS(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	_, err := env.client().Objects(&Area{Path: "telnet/connections", Noun: "Telnet connection policy"}).Create(ctxT(t),
		mustFields(t, `{"name":"x"}`))
	var ro *ReadOnlyError
	if !errors.As(err, &ro) || ro.API == nil || ro.Reason == "" {
		t.Fatalf("err = %v (%T), want SPS's read-only refusal as *ReadOnlyError", err, err)
	}
	env.assertNoTransactionLeft()
}

// A singleton of another protocol: one declared field changes, the
// protocol's own fields stay.
func TestTreeSSHOptions(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	s := env.client().Settings(&Area{Path: "ssh/options", Noun: "SSH options"})
	if _, err := s.Update(ctxT(t), mustFields(t, `{"service":{"log_level":7}}`)); err != nil {
		t.Fatal(err)
	}
	got := storedFields(t, env, "ssh/options", "")
	if !Covers(mustFields(t, `{"service":{"enabled":true,"log_level":7},"gssapi":{"enabled":false}}`), got) {
		t.Errorf("stored %s", jsonText(t, got))
	}
}

package transaction

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

const lp = "/api/configuration/x/items"

var (
	alice = Owner{SessionID: "s-alice", User: "alice"}
	bob   = Owner{SessionID: "s-bob", User: "bob"}
)

func seeded() *Store {
	st := NewState()
	st.Put(lp, "a", json.RawMessage(`{"v":1}`))
	st.SetSingleton("/api/configuration/x/options", json.RawMessage(`{"o":1}`))
	return NewStore(st)
}

func get(s *Store, sid, key string) string {
	var out string
	s.Read(sid, func(st *State) {
		b, ok := st.Get(lp, key)
		if ok {
			out = string(b)
		}
	})
	return out
}

func put(key, body string) func(*State) error {
	return func(st *State) error {
		st.Put(lp, key, json.RawMessage(body))
		return nil
	}
}

func TestOpenLockAndViews(t *testing.T) {
	s := seeded()
	if already, err := s.Open(alice); err != nil || already {
		t.Fatalf("Open = %v, %v", already, err)
	}
	if already, err := s.Open(alice); err != nil || !already {
		t.Fatalf("second Open by the owner = %v, %v; want already=true", already, err)
	}
	var le *LockedError
	if _, err := s.Open(bob); !errors.As(err, &le) || le.Holder != "alice" {
		t.Fatalf("Open by bob = %v, want LockedError held by alice", err)
	}
	if err := s.Write(bob, put("b", `{}`)); !errors.As(err, &le) {
		t.Fatalf("Write by bob = %v, want LockedError", err)
	}
	if err := s.Write(alice, put("a", `{"v":2}`)); err != nil {
		t.Fatal(err)
	}
	if got := get(s, alice.SessionID, "a"); got != `{"v":2}` {
		t.Errorf("owner sees %s, want its uncommitted change", got)
	}
	if got := get(s, bob.SessionID, "a"); got != `{"v":1}` {
		t.Errorf("other session sees %s, want committed value", got)
	}
	if err := s.Commit(context.Background(), alice.SessionID, "msg", 0); err != nil {
		t.Fatal(err)
	}
	if got := get(s, bob.SessionID, "a"); got != `{"v":2}` {
		t.Errorf("after commit other session sees %s", got)
	}
	if open, msg := s.Status(alice.SessionID); open || msg == nil || *msg != "msg" {
		t.Errorf("Status after commit = %v, %v", open, msg)
	}
	if _, ok := s.Holder(); ok {
		t.Error("lock still held after commit")
	}
	if c, r := s.Counts(); c != 1 || r != 0 {
		t.Errorf("Counts = %d, %d", c, r)
	}
}

func TestChangelogCoalesces(t *testing.T) {
	s := seeded()
	steps := []func(*State) error{
		put("n", `{"v":1}`),
		put("n", `{"v":2}`), // create+replace → create with final value
		put("a", `{"v":5}`),
		put("a", `{"v":6}`), // replace+replace → one replace, original old value
		put("gone", `{}`),
		func(st *State) error { st.Delete(lp, "gone"); return nil }, // create+delete → nothing
		func(st *State) error {
			st.SetSingleton("/api/configuration/x/options", json.RawMessage(`{"o":2}`))
			return nil
		},
	}
	for _, f := range steps {
		if err := s.Write(alice, f); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := json.Marshal(s.Changes(alice.SessionID))
	want := `[{"type":"create","path":"/api/configuration/x/items/n","old_value":null,"new_value":{"v":2}},` +
		`{"type":"replace","path":"/api/configuration/x/items/a","old_value":{"v":1},"new_value":{"v":6}},` +
		`{"type":"replace","path":"/api/configuration/x/options","old_value":{"o":1},"new_value":{"o":2}}]`
	if string(got) != want {
		t.Fatalf("changes:\n got %s\nwant %s", got, want)
	}
	if err := s.Write(alice, func(st *State) error { st.Delete(lp, "a"); return nil }); err != nil {
		t.Fatal(err)
	}
	ch := s.Changes(alice.SessionID)
	if ch[1].Type != ChangeDelete || string(ch[1].OldValue) != `{"v":1}` {
		t.Fatalf("replace+delete = %+v, want delete with the committed old value", ch[1])
	}
	if len(s.Changes(bob.SessionID)) != 0 {
		t.Error("another session sees the owner's changes")
	}
}

func TestFailedImplicitWriteReleasesLock(t *testing.T) {
	s := seeded()
	boom := errors.New("invalid")
	if err := s.Write(alice, func(st *State) error { st.Put(lp, "x", nil); return boom }); !errors.Is(err, boom) {
		t.Fatalf("Write = %v", err)
	}
	if _, ok := s.Holder(); ok {
		t.Fatal("a rejected implicit write left the lock taken")
	}
	if get(s, alice.SessionID, "x") != "" {
		t.Fatal("a rejected write changed the configuration")
	}
	// A rejected write inside an explicit transaction keeps it open.
	_, _ = s.Open(alice)
	_ = s.Write(alice, func(*State) error { return boom })
	if o, ok := s.Holder(); !ok || o != alice {
		t.Fatal("a rejected write closed an explicitly opened transaction")
	}
}

func TestRollbackAndDiscard(t *testing.T) {
	s := seeded()
	_ = s.Write(alice, put("a", `{"v":9}`))
	if ok, err := s.Rollback(bob.SessionID); ok || err != nil {
		t.Fatalf("bob rolled back alice's transaction: %v %v", ok, err)
	}
	if ok, _ := s.Rollback(alice.SessionID); !ok {
		t.Fatal("Rollback found nothing")
	}
	if get(s, alice.SessionID, "a") != `{"v":1}` {
		t.Fatal("rollback kept the change")
	}
	_ = s.Write(alice, put("a", `{"v":9}`))
	s.Discard(alice.SessionID)
	if _, ok := s.Holder(); ok {
		t.Fatal("Discard kept the lock")
	}
	if err := s.Commit(context.Background(), alice.SessionID, "", 0); !errors.Is(err, ErrNotOpen) {
		t.Fatalf("Commit after discard = %v, want ErrNotOpen", err)
	}
	if _, r := s.Counts(); r != 1 {
		t.Errorf("rollbacks = %d, want 1 (discard is not a rollback)", r)
	}
}

// A commit replays the transaction's changes on the current committed
// state, so an out-of-band change to another object survives it.
func TestCommitKeepsOutOfBandChanges(t *testing.T) {
	s := seeded()
	_ = s.Write(alice, put("n", `{"v":1}`))
	if err := s.WriteCommitted(put("oob", `{"drift":true}`)); err != nil {
		t.Fatal(err)
	}
	if get(s, alice.SessionID, "oob") == "" {
		t.Error("owner does not see the out-of-band object")
	}
	if err := s.Commit(context.Background(), alice.SessionID, "", 0); err != nil {
		t.Fatal(err)
	}
	if get(s, bob.SessionID, "oob") == "" || get(s, bob.SessionID, "n") == "" {
		t.Fatal("commit lost either the out-of-band or the transaction's object")
	}
	var keys []string
	s.Committed(func(st *State) { keys = st.Keys(lp) })
	if len(keys) != 3 || keys[0] != "a" {
		t.Fatalf("keys = %v", keys)
	}
}

// During the commit delay readers keep seeing the old state in full; after
// it, the new state in full, never a mix.
func TestCommitIsAtomic(t *testing.T) {
	s := seeded()
	for _, k := range []string{"p", "q", "r"} {
		if err := s.Write(alice, put(k, `{}`)); err != nil {
			t.Fatal(err)
		}
	}
	// The delay is long compared with scheduling noise on a loaded machine,
	// so "a write while the commit runs" is really observed mid-commit.
	done := make(chan error, 1)
	committed := make(chan struct{})
	go func() {
		done <- s.Commit(context.Background(), alice.SessionID, "", 250*time.Millisecond)
		close(committed)
	}()
	seen := map[int]bool{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range 4 {
		wg.Go(func() {
			for finished := false; ; {
				var n int
				s.Read(bob.SessionID, func(st *State) { n = len(st.Keys(lp)) })
				mu.Lock()
				seen[n] = true
				mu.Unlock()
				if finished {
					return // one read after the commit returned
				}
				select {
				case <-committed:
					finished = true
				default:
				}
			}
		})
	}
	for committing := false; !committing; time.Sleep(time.Millisecond) {
		s.mu.Lock()
		committing = s.tx != nil && s.tx.committing
		s.mu.Unlock()
	}
	if err := s.Write(alice, put("late", `{}`)); !errors.Is(err, ErrCommitting) {
		t.Errorf("write during commit = %v, want ErrCommitting", err)
	}
	wg.Wait()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || !seen[1] || !seen[4] {
		t.Fatalf("readers saw list sizes %v, want only 1 (before) and 4 (after)", seen)
	}
}

// A client that hangs up does not stop a commit: the appliance finishes it.
func TestCommitOutlivesCanceledClient(t *testing.T) {
	s := seeded()
	_ = s.Write(alice, put("n", `{}`))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	if err := s.Commit(ctx, alice.SessionID, "", 150*time.Millisecond); err != nil {
		t.Fatalf("Commit = %v", err)
	}
	if open, _ := s.Status(alice.SessionID); open {
		t.Fatal("the commit left the transaction open")
	}
	if get(s, bob.SessionID, "n") == "" {
		t.Fatal("the commit of a client that hung up published nothing")
	}
}

// Only a commit marked to abort on disconnect (a fault) keeps the old
// behavior: nothing published, the transaction stays open.
func TestCommitCancelledKeepsTransaction(t *testing.T) {
	s := seeded()
	_ = s.Write(alice, put("n", `{}`))
	ctx, cancel := context.WithCancel(httpapi.WithAbortCommitOnDisconnect(context.Background()))
	cancel()
	if err := s.Commit(ctx, alice.SessionID, "", time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("Commit = %v", err)
	}
	if open, _ := s.Status(alice.SessionID); !open {
		t.Fatal("canceled commit closed the transaction")
	}
	if get(s, bob.SessionID, "n") != "" {
		t.Fatal("canceled commit published changes")
	}
	if err := s.Commit(context.Background(), alice.SessionID, "", 0); err != nil {
		t.Fatalf("retrying the commit: %v", err)
	}
}

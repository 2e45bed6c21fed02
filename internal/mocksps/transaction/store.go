package transaction

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// Change types, as the SPS changelog names them ("reorder" is never produced:
// the mock has no ordered configuration lists).
const (
	ChangeCreate  = "create"
	ChangeReplace = "replace"
	ChangeDelete  = "delete"
)

// Change is one entry of GET /api/transaction/changes. Both values are always
// present (null where they do not apply) so clients may read either.
type Change struct {
	Type     string          `json:"type"`
	Path     string          `json:"path"`
	OldValue json.RawMessage `json:"old_value"`
	NewValue json.RawMessage `json:"new_value"`

	list, key string // empty list: a singleton
}

// Owner identifies the login session a transaction belongs to.
type Owner struct {
	SessionID string
	User      string
}

// LockedError means another login session holds the configuration lock.
type LockedError struct{ Holder string }

func (e *LockedError) Error() string {
	return fmt.Sprintf("the configuration is locked by user %q, who has an open transaction; "+
		"wait until they commit or roll back (or their session times out), then retry", e.Holder)
}

var (
	// ErrNotOpen means the caller has no open transaction to commit.
	ErrNotOpen = errors.New("no transaction is open for this session; open one with POST /api/transaction " +
		"(or make a configuration change, which opens one) before committing")
	// ErrCommitting means the caller's transaction is being committed.
	ErrCommitting = errors.New("this session's transaction is being committed; wait for the commit to finish")
)

// Store is the configuration database: the committed state, the single
// global configuration lock, and the transaction of the session holding it.
//
// Only one transaction can be open at a time because SPS has one global
// lock; the owner's view is the committed state with its changes replayed on
// top, everyone else sees the committed state.
type Store struct {
	mu        sync.Mutex
	committed *State
	tx        *tx
	// lastCommit remembers each session's last commit message, which
	// GET /api/transaction reports as commit_message.
	lastCommit map[string]*string
	commits    int
	rollbacks  int
	// onCommitted and gen: see OnCommitted.
	onCommitted func(gen uint64, st *State)
	gen         uint64
}

type tx struct {
	owner      Owner
	changes    []Change
	committing bool
}

// NewStore returns a store whose committed configuration is seed.
func NewStore(seed *State) *Store {
	if seed == nil {
		seed = NewState()
	}
	return &Store{committed: seed.copy(), lastCommit: map[string]*string{}}
}

// Open opens a transaction for o and takes the lock. already reports that o
// had one open (the call is then a no-op).
func (s *Store) Open(o Owner) (already bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.openLocked(o)
}

func (s *Store) openLocked(o Owner) (bool, error) {
	if s.tx != nil {
		if s.tx.owner.SessionID == o.SessionID {
			return true, nil
		}
		return false, &LockedError{Holder: s.tx.owner.User}
	}
	s.tx = &tx{owner: o}
	return false, nil
}

// Read runs fn on the configuration as sessionID sees it. fn must not keep
// st or mutate it.
func (s *Store) Read(sessionID string, fn func(st *State)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.viewLocked(sessionID))
}

func (s *Store) viewLocked(sessionID string) *State {
	if s.tx == nil || s.tx.owner.SessionID != sessionID || len(s.tx.changes) == 0 {
		return s.committed
	}
	v := s.committed.copy()
	for _, c := range s.tx.changes {
		v.apply(c)
	}
	return v
}

// Write runs fn on o's working copy, opening a transaction first if o has
// none (SPS 6.9+ behavior). If fn returns an error nothing is changed.
func (s *Store) Write(o Owner, fn func(st *State) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	already, err := s.openLocked(o)
	if err != nil {
		return err
	}
	if s.tx.committing {
		return ErrCommitting
	}
	work := s.viewLocked(o.SessionID).copy()
	var log []Change
	work.log = &log
	if err := fn(work); err != nil {
		// A rejected write that would have opened the transaction
		// implicitly must not leave the lock taken for nothing.
		if !already {
			s.tx = nil
		}
		return err
	}
	for _, c := range log {
		s.tx.changes = coalesce(s.tx.changes, c)
	}
	return nil
}

// coalesce folds c into the changelog so that each path appears once and
// says what commit will do to it relative to the committed state.
func coalesce(log []Change, c Change) []Change {
	for i, prev := range log {
		if prev.Path != c.Path {
			continue
		}
		switch {
		case prev.Type == ChangeCreate && c.Type == ChangeDelete:
			return append(log[:i:i], log[i+1:]...)
		case prev.Type == ChangeCreate:
			log[i].NewValue = c.NewValue
		case prev.Type == ChangeDelete && c.Type != ChangeDelete:
			log[i].Type, log[i].NewValue = ChangeReplace, c.NewValue
		default:
			log[i].Type, log[i].NewValue = c.Type, c.NewValue
		}
		return log
	}
	return append(log, c)
}

// Commit publishes sessionID's changes after delay, all at once. Like an
// appliance, it finishes a commit it has started whatever the client does:
// ctx is consulted only when it carries httpapi.WithAbortCommitOnDisconnect
// (the commit_abort_on_disconnect fault), and then a ctx that ends during
// the delay leaves the transaction open with nothing published.
func (s *Store) Commit(ctx context.Context, sessionID, message string, delay time.Duration) error {
	if !httpapi.AbortCommitOnDisconnect(ctx) {
		ctx = context.WithoutCancel(ctx)
	}
	s.mu.Lock()
	t := s.tx
	if t == nil || t.owner.SessionID != sessionID {
		s.mu.Unlock()
		return ErrNotOpen
	}
	if t.committing {
		s.mu.Unlock()
		return ErrCommitting
	}
	t.committing = true
	s.mu.Unlock()

	if delay > 0 {
		timer := time.NewTimer(delay)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			s.mu.Lock()
			t.committing = false
			s.mu.Unlock()
			return ctx.Err()
		}
	}

	s.mu.Lock()
	if s.tx != t { // discarded meanwhile (session expired)
		s.mu.Unlock()
		return ErrNotOpen
	}
	next := s.committed.copy()
	for _, c := range t.changes {
		next.apply(c)
	}
	s.committed = next // readers see all of it or none of it
	notify := s.published()
	defer notify() // after the unlock below: a slow listener never blocks the store
	defer s.mu.Unlock()
	s.tx = nil
	s.commits++
	if message != "" {
		m := message
		s.lastCommit[sessionID] = &m
	} else {
		s.lastCommit[sessionID] = nil
	}
	return nil
}

// Rollback drops sessionID's transaction and releases the lock. It reports
// whether one was open.
func (s *Store) Rollback(sessionID string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tx == nil || s.tx.owner.SessionID != sessionID {
		return false, nil
	}
	if s.tx.committing {
		return false, ErrCommitting
	}
	s.tx = nil
	s.rollbacks++
	return true, nil
}

// Discard forgets everything about sessionID: its open transaction (even
// mid-commit) and its last commit message. Called when a session expires.
func (s *Store) Discard(sessionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tx != nil && s.tx.owner.SessionID == sessionID {
		s.tx = nil
	}
	delete(s.lastCommit, sessionID)
}

// Status reports whether sessionID has an open transaction and the message
// of its last commit (nil if none).
func (s *Store) Status(sessionID string) (open bool, commitMessage *string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	open = s.tx != nil && s.tx.owner.SessionID == sessionID
	return open, s.lastCommit[sessionID]
}

// Changes returns sessionID's pending changes (empty unless it holds the lock).
func (s *Store) Changes(sessionID string) []Change {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tx == nil || s.tx.owner.SessionID != sessionID {
		return []Change{}
	}
	out := make([]Change, len(s.tx.changes))
	copy(out, s.tx.changes)
	return out
}

// Holder returns the owner of the lock, if any.
func (s *Store) Holder() (Owner, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tx == nil {
		return Owner{}, false
	}
	return s.tx.owner, true
}

// Committed runs fn on the committed configuration (fn must not keep it).
func (s *Store) Committed(fn func(st *State)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.committed)
}

// WriteCommitted changes the committed configuration directly, bypassing the
// lock: an out-of-band change such as another administrator's edit. If fn
// fails nothing changes. An open transaction keeps its own changes on top.
func (s *Store) WriteCommitted(fn func(st *State) error) error {
	s.mu.Lock()
	next := s.committed.copy()
	if err := fn(next); err != nil {
		s.mu.Unlock()
		return err
	}
	s.committed = next
	notify := s.published()
	s.mu.Unlock()
	notify()
	return nil
}

// Counts returns how many commits and rollbacks happened since the last reset.
func (s *Store) Counts() (commits, rollbacks int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commits, s.rollbacks
}

// ResetCounts zeroes the commit and rollback counters.
func (s *Store) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits, s.rollbacks = 0, 0
}

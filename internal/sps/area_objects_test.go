package sps

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

const (
	sshConnections = ConfigurationRoot + "/ssh/connections"
	timePolicies   = ConfigurationRoot + "/policies/time_policies"
	sshOptions     = ConfigurationRoot + "/ssh/options"
)

var (
	sshConnectionArea = &Area{Path: "ssh/connections", Noun: "SSH connection policy", Named: true}
	timePolicyArea    = &Area{Path: "policies/time_policies", Noun: "time policy", Named: true}
	sshOptionsArea    = &Area{Path: "ssh/options", Noun: "SSH options"}
)

func sshTree(t *testing.T) *fakeTree {
	seed := transaction.NewState()
	seed.Put(sshConnections, "-1", json.RawMessage(`{"name":"builtin","network":{"ports":[22]}}`))
	seed.Put(sshConnections, "c1", json.RawMessage(`{"name":"jump","active":true,"network":{"ports":[22],"addresses":["10.0.0.1"]},`+
		`"channel_policy":"cp-1","rate_limit":{"enabled":false,"value":10}}`))
	seed.SetSingleton(sshOptions, json.RawMessage(`{"service":{"enabled":true,"log_level":3},"audit":{"cleanup":{"enabled":false}}}`))
	seed.AddList(timePolicies)
	f := newFakeTree(t, seed, sshConnections, timePolicies)
	f.refs["channel_policy"] = true
	f.named[sshConnections], f.named[timePolicies] = true, true
	return f
}

// An update reads the object inside the transaction, overlays the declared
// fields and writes the whole object back: an undeclared field keeps SPS's
// value (a reference as its key, the form SPS takes), a declared nested
// field changes alone, a declared list is replaced.
func TestObjectsUpdateKeepsUndeclaredFields(t *testing.T) {
	t.Parallel()
	f := sshTree(t)
	objs := f.client().Objects(sshConnectionArea)
	declared := mustFields(t, `{"network":{"ports":[2222,22]},"rate_limit":{"enabled":true}}`)
	got, err := objs.Update(ctxT(t), "c1", declared)
	if err != nil {
		t.Fatal(err)
	}
	stored := jsonText(t, f.committed(sshConnections, "c1"))
	want := `{"active":true,"channel_policy":"cp-1","name":"jump","network":{"addresses":["10.0.0.1"],"ports":[2222,22]},` +
		`"rate_limit":{"enabled":true,"value":10}}`
	if stored != want {
		t.Errorf("stored\n got %s\nwant %s", stored, want)
	}
	fields, _ := got.Fields()
	if !Covers(declared, fields) || !Covers(mustFields(t, `{"channel_policy":"cp-1"}`), fields) {
		t.Errorf("read back %s", got.Body)
	}
}

// Create returns SPS's key and the object read back; a taken name is a
// *NameTakenError naming the area's noun; delete removes it; the errors
// carry the area.
func TestObjectsCreateNameTakenDelete(t *testing.T) {
	t.Parallel()
	f := sshTree(t)
	objs := f.client().Objects(sshConnectionArea)
	ctx := ctxT(t)
	created, err := objs.Create(ctx, mustFields(t, `{"name":"new","channel_policy":"cp-2","network":{"ports":[22]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if created.Key == "" || f.committed(sshConnections, created.Key)["channel_policy"] != "cp-2" {
		t.Fatalf("created %+v", created)
	}
	_, err = objs.Create(ctx, mustFields(t, `{"name":"jump"}`))
	var taken *NameTakenError
	if !errors.As(err, &taken) || taken.Key != "c1" || taken.Object != "SSH connection policy" || AreaOf(err) != sshConnectionArea {
		t.Fatalf("duplicate name: %v", err)
	}
	if err := objs.Delete(ctx, created.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := objs.Get(ctx, created.Key); !IsNotFound(err) {
		t.Errorf("after delete: %v", err)
	}
	// Deleting again is success: the goal is reached.
	if err := objs.Delete(ctx, created.Key); err != nil {
		t.Errorf("second delete: %v", err)
	}
}

// Built-in objects are never sent a DELETE, and read-only areas never a
// write: both refused at once, with the area as data.
func TestObjectsRefuseBuiltinAndReadOnly(t *testing.T) {
	t.Parallel()
	f := sshTree(t)
	c := f.client()
	err := c.Objects(sshConnectionArea).Delete(ctxT(t), "-1")
	var builtin *BuiltinObjectError
	if !errors.As(err, &builtin) || !IsBuiltinNotDeletable(err) || AreaOf(err) != sshConnectionArea {
		t.Fatalf("built-in delete: %v", err)
	}
	readOnly := &Area{Path: "telnet/connections", Noun: "Telnet connection policy", ReadOnly: "SPS manages them only on its web interface"}
	_, err = c.Objects(readOnly).Create(ctxT(t), mustFields(t, `{"name":"x"}`))
	var ro *ReadOnlyError
	if !errors.As(err, &ro) || ro.Reason != readOnly.ReadOnly || AreaOf(err) != readOnly {
		t.Fatalf("read-only create: %v", err)
	}
	_, err = c.Settings(&Area{Path: "x/options", Noun: "X options", ReadOnly: "r"}).Update(ctxT(t), map[string]any{})
	if !errors.As(err, &ro) {
		t.Fatalf("read-only settings: %v", err)
	}
	if n := f.count("POST /api/transaction") + f.count("DELETE "+sshConnections+"/-1"); n != 0 {
		t.Errorf("%d requests for refused writes", n)
	}
}

// Singletons: declared fields change, the rest stays.
func TestSettingsUpdate(t *testing.T) {
	t.Parallel()
	f := sshTree(t)
	s := f.client().Settings(sshOptionsArea)
	if _, err := s.Update(ctxT(t), mustFields(t, `{"service":{"log_level":7}}`)); err != nil {
		t.Fatal(err)
	}
	want := `{"audit":{"cleanup":{"enabled":false}},"service":{"enabled":true,"log_level":7}}`
	if got := jsonText(t, f.committed(sshOptions, "")); got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
}

// Refreshing 500 objects across 10 list paths costs one list request per
// path (plus login), whether the lists embed bodies or send links only
// (then each object is fetched once).
func TestReadCacheOneListPerPath(t *testing.T) {
	t.Parallel()
	seed := transaction.NewState()
	var paths []string
	for p := range 10 {
		path := fmt.Sprintf("%s/family%d/objects", ConfigurationRoot, p)
		paths = append(paths, path)
		for k := range 50 {
			seed.Put(path, fmt.Sprintf("o%d", k), json.RawMessage(fmt.Sprintf(`{"n":%d}`, k)))
		}
	}
	f := newFakeTree(t, seed, paths...)
	for _, p := range paths[:5] {
		f.linksOnly[p] = true
	}
	c := f.client()
	var wg sync.WaitGroup
	errs := make(chan error, 500)
	for p := range 10 {
		area := &Area{Path: fmt.Sprintf("family%d/objects", p), Noun: "object"}
		for k := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o, err := c.Objects(area).Get(ctxT(t), fmt.Sprintf("o%d", k))
				if err == nil && string(o.Body) != fmt.Sprintf(`{"n":%d}`, k) {
					err = fmt.Errorf("%s o%d: body %s", area.Path, k, o.Body)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, p := range paths {
		if n := f.count("GET " + p); n != 1 {
			t.Errorf("%s listed %d times", p, n)
		}
		wantGets := 0
		if i < 5 {
			wantGets = 1
		}
		if n := f.count("GET " + p + "/o7"); n != wantGets {
			t.Errorf("%s/o7 fetched %d times, want %d", p, n, wantGets)
		}
	}
	if st := c.Stats(); st.CacheFills != 10 || st.Logins != 1 {
		t.Errorf("stats %+v", st)
	}
}

// Changes to different areas made at once share one transaction.
func TestGroupCommitAcrossAreas(t *testing.T) {
	t.Parallel()
	f := sshTree(t)
	c := f.client()
	var wg sync.WaitGroup
	var errA, errB, errC error
	wg.Add(3)
	go func() {
		defer wg.Done()
		_, errA = c.Objects(sshConnectionArea).Create(ctxT(t), mustFields(t, `{"name":"g1"}`))
	}()
	go func() {
		defer wg.Done()
		_, errB = c.Objects(timePolicyArea).Create(ctxT(t), mustFields(t, `{"name":"office-hours","days":[1,2,3]}`))
	}()
	go func() {
		defer wg.Done()
		_, errC = c.Settings(sshOptionsArea).Update(ctxT(t), mustFields(t, `{"service":{"enabled":false}}`))
	}()
	wg.Wait()
	if err := errors.Join(errA, errB, errC); err != nil {
		t.Fatal(err)
	}
	if commits, _ := f.store.Counts(); commits != 1 {
		t.Errorf("commits = %d, want 1 for three areas", commits)
	}
}

// A create of an object without a name whose answer was lost is found in
// the transaction's change list by its body, and not posted twice.
func TestLostCreateOfUnnamedObjectFoundByBody(t *testing.T) {
	t.Parallel()
	f := sshTree(t)
	unnamed := &Area{Path: "policies/time_policies", Noun: "time policy"}
	var once sync.Once
	f.intercept = func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
		if r.Method == http.MethodPost && r.URL.Path == timePolicies {
			once.Do(func() {
				// SPS creates the object; its answer never arrives.
				next.ServeHTTP(httptest.NewRecorder(), r)
				panic(http.ErrAbortHandler)
			})
		}
		return false
	}
	o, err := f.client(func(c *Config) { c.MaxRetries = 0 }).Objects(unnamed).Create(ctxT(t), mustFields(t, `{"days":[6,7]}`))
	if err != nil {
		t.Fatal(err)
	}
	if n := f.count("POST " + timePolicies); n != 1 {
		t.Errorf("POSTs = %d, want 1", n)
	}
	if got := f.committed(timePolicies, o.Key); jsonText(t, got) != `{"days":[6,7]}` {
		t.Errorf("committed %v under %s", got, o.Key)
	}
}

// The area's errors name it: an SPS refusal of a body comes back with the
// area as data and SPS's text untouched.
func TestAreaErrorsCarryTheArea(t *testing.T) {
	t.Parallel()
	f := sshTree(t)
	_, err := f.client().Objects(sshConnectionArea).Update(ctxT(t), "c1", mustFields(t, `{"channel_policy":{"key":"x","other":1}}`))
	var ae *AreaError
	if !errors.As(err, &ae) || ae.Area != sshConnectionArea || ae.Key != "c1" || !IsValidation(err) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "a reference is written as a key") {
		t.Errorf("SPS's text lost: %v", err)
	}
}

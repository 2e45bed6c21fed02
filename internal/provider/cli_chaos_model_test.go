package provider_test

// The configuration model of the CLI chaos walk (cli_chaos_walk_test.go):
// the policies and options one step configures, the seeded changes between
// steps, the HCL they render to, and the comparison of a configuration
// with what the mock committed.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
)

// walkPolicy is one configured sps_vnc_settings_policy. Its resource
// address (label) never changes; a rename changes name only, which the
// schema updates in place.
type walkPolicy struct {
	label, name       string
	timeout           int
	preconnect        bool
	inactivity        int // 0: disabled; else seconds, at least timeout
	clientTLS, srvTLS string
}

// walkOptions is the configured sps_vnc_options singleton.
type walkOptions struct {
	serviceEnabled  bool
	logLevel        int
	cleanupDays     int // 0: cleanup disabled
	signingInterval int
}

// walkConfig is the whole configuration of one step.
type walkConfig struct {
	policies []walkPolicy // in label order
	options  walkOptions
	objects  []walkObject // generic objects, in label order
}

// walkGen draws the walk's changes from one seeded generator, so the same
// seed gives the same sequence of configurations (and interrupt plans).
type walkGen struct {
	rng        *rand.Rand
	nextLabel  int
	nextObject int
	nextName   int
}

func newWalkGen(seed uint64) *walkGen {
	return &walkGen{rng: rand.New(rand.NewPCG(seed, seed^0x5eed))}
}

var tlsVersions = []string{"TLSv1_2", "TLSv1_1", "TLSv1_0"}

// freshName is never reused, so no step swaps names between policies
// (that ordering problem is the user's, not the interrupt handling's).
func (g *walkGen) freshName() string {
	g.nextName++
	return fmt.Sprintf("chaos-%d", g.nextName)
}

func (g *walkGen) randomPolicyValues(p *walkPolicy) {
	p.timeout = 60 * (1 + g.rng.IntN(20))
	p.preconnect = g.rng.IntN(2) == 0
	p.inactivity = 0
	if g.rng.IntN(2) == 0 {
		p.inactivity = p.timeout + 60*g.rng.IntN(30)
	}
	p.clientTLS = tlsVersions[g.rng.IntN(len(tlsVersions))]
	p.srvTLS = tlsVersions[g.rng.IntN(len(tlsVersions))]
}

func (g *walkGen) newPolicy() walkPolicy {
	g.nextLabel++
	p := walkPolicy{label: fmt.Sprintf("p%d", g.nextLabel), name: g.freshName()}
	g.randomPolicyValues(&p)
	return p
}

func (g *walkGen) randomOptions() walkOptions {
	o := walkOptions{serviceEnabled: g.rng.IntN(4) != 0, signingInterval: 10 * (1 + g.rng.IntN(12))}
	if o.serviceEnabled {
		o.logLevel = g.rng.IntN(8)
	}
	if g.rng.IntN(2) == 0 {
		o.cleanupDays = 30 + g.rng.IntN(400)
	}
	return o
}

// initial is the first step's configuration: a few policies and options.
func (g *walkGen) initial() walkConfig {
	c := walkConfig{options: g.randomOptions()}
	for range 2 + g.rng.IntN(2) {
		c.policies = append(c.policies, g.newPolicy())
	}
	for range 1 + g.rng.IntN(2) {
		c.objects = append(c.objects, g.newObject())
	}
	return c
}

// next applies one to three random changes to c: create, update, rename,
// delete of policies or generic objects, or an options change. The walk
// keeps between one and six policies so that each apply has something to
// commit.
func (g *walkGen) next(c walkConfig) (walkConfig, []string) {
	out := walkConfig{policies: slices.Clone(c.policies), options: c.options, objects: slices.Clone(c.objects)}
	var did []string
	for range 1 + g.rng.IntN(3) {
		switch op := g.rng.IntN(6); {
		case op == 0 && len(out.policies) < 6 || len(out.policies) == 0:
			p := g.newPolicy()
			out.policies = append(out.policies, p)
			did = append(did, "create "+p.label)
		case op == 1:
			i := g.rng.IntN(len(out.policies))
			g.randomPolicyValues(&out.policies[i])
			did = append(did, "update "+out.policies[i].label)
		case op == 2:
			i := g.rng.IntN(len(out.policies))
			out.policies[i].name = g.freshName()
			did = append(did, "rename "+out.policies[i].label)
		case op == 3 && len(out.policies) > 1:
			i := g.rng.IntN(len(out.policies))
			did = append(did, "delete "+out.policies[i].label)
			out.policies = slices.Delete(out.policies, i, i+1)
		case op == 5:
			var change string
			out.objects, change = g.objectChange(out.objects)
			did = append(did, change)
		default:
			out.options = g.randomOptions()
			did = append(did, "options")
		}
	}
	return out, did
}

// hcl renders the configuration (provider settings come from SPS_*).
func (c walkConfig) hcl() string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    sps = { source = \"" + acctest.TestProviderSource + "\" }\n  }\n}\n\nprovider \"sps\" {}\n")
	for _, p := range c.policies {
		fmt.Fprintf(&b, "\nresource \"sps_vnc_settings_policy\" %q {\n  name                     = %q\n  timeout                  = %d\n  preconnect_channel_check = %t\n",
			p.label, p.name, p.timeout, p.preconnect)
		if p.inactivity > 0 {
			fmt.Fprintf(&b, "  inactivity_timeout = {\n    enabled = true\n    value   = %d\n  }\n", p.inactivity)
		}
		fmt.Fprintf(&b, "  client_tls_security_settings = { minimum_tls_version = %q }\n", p.clientTLS)
		fmt.Fprintf(&b, "  server_tls_security_settings = { minimum_tls_version = %q }\n}\n", p.srvTLS)
	}
	o := c.options
	b.WriteString("\nresource \"sps_vnc_options\" \"this\" {\n")
	if o.serviceEnabled {
		fmt.Fprintf(&b, "  service = {\n    enabled   = true\n    log_level = %d\n  }\n", o.logLevel)
	} else {
		b.WriteString("  service = { enabled = false }\n")
	}
	if o.cleanupDays > 0 {
		fmt.Fprintf(&b, "  cleanup = {\n    enabled = true\n    days    = %d\n  }\n", o.cleanupDays)
	} else {
		b.WriteString("  cleanup = { enabled = false }\n")
	}
	fmt.Fprintf(&b, "  timestamping = {\n    selection        = \"local\"\n    signing_interval = %d\n  }\n}\n", o.signingInterval)
	b.WriteString(c.objectsHCL())
	return b.String()
}

// byName finds the configured policy with this name.
func (c walkConfig) byName(name string) (walkPolicy, bool) {
	for _, p := range c.policies {
		if p.name == name {
			return p, true
		}
	}
	return walkPolicy{}, false
}

// mockSnapshot is what /_mock/state says was committed, read as the wire
// bodies the vendor documents.
type mockSnapshot struct {
	Policies map[string]struct {
		Name                   string `json:"name"`
		Timeout                int    `json:"timeout"`
		PreconnectChannelCheck bool   `json:"preconnect_channel_check"`
		InactivityTimeout      struct {
			Enabled bool `json:"enabled"`
			Value   int  `json:"value"`
		} `json:"inactivity_timeout"`
		ClientTLS struct {
			MinimumTLSVersion string `json:"minimum_tls_version"`
		} `json:"client_tls_security_settings"`
		ServerTLS struct {
			MinimumTLSVersion string `json:"minimum_tls_version"`
		} `json:"server_tls_security_settings"`
	} `json:"settings_policies"`
	Options struct {
		Audit struct {
			Cleanup struct {
				Enabled bool `json:"enabled"`
				Days    int  `json:"channel_database_cleanup_days"`
			} `json:"cleanup"`
			Timestamping struct {
				Selection       string `json:"selection"`
				SigningInterval int    `json:"signing_interval"`
			} `json:"timestamping"`
		} `json:"audit"`
		Service struct {
			Enabled  bool `json:"enabled"`
			LogLevel int  `json:"log_level"`
		} `json:"service"`
	} `json:"options"`
	LockHolder       string `json:"lock_holder"`
	OpenTransactions int    `json:"open_transactions"`
	// Objects are the committed generic objects of cliObjectsPath by key
	// (not part of /_mock/state: the walk reads them from /_mock/config).
	Objects map[string]walkObjectBody `json:"-"`
}

// createdKeys are the keys of the committed policies that are not built in
// (built-in ones have negative keys), and of the generic objects (their
// list has no built-in ones).
func (s mockSnapshot) createdKeys() []string {
	keys := s.policyKeys()
	for k := range s.Objects {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// policyKeys are the keys of the committed policies that are not built in.
func (s mockSnapshot) policyKeys() []string {
	var keys []string
	for k := range s.Policies {
		if !strings.HasPrefix(k, "-") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// compare lists how the committed configuration differs from c, and how
// many configured names the mock holds more than once.
func (s mockSnapshot) compare(c walkConfig) (diffs []string, duplicates int) {
	count := map[string]int{}
	for _, k := range s.policyKeys() {
		b := s.Policies[k]
		count[b.Name]++
		p, ok := c.byName(b.Name)
		if !ok {
			diffs = append(diffs, fmt.Sprintf("policy %s (%s) is on the appliance but not configured", k, b.Name))
			continue
		}
		inact := 0
		if b.InactivityTimeout.Enabled {
			inact = b.InactivityTimeout.Value
		}
		got := fmt.Sprint(b.Timeout, b.PreconnectChannelCheck, inact, b.ClientTLS.MinimumTLSVersion, b.ServerTLS.MinimumTLSVersion)
		want := fmt.Sprint(p.timeout, p.preconnect, p.inactivity, p.clientTLS, p.srvTLS)
		if got != want {
			diffs = append(diffs, fmt.Sprintf("policy %s (%s): appliance has %s, configured %s", k, b.Name, got, want))
		}
	}
	for _, p := range c.policies {
		switch n := count[p.name]; {
		case n == 0:
			diffs = append(diffs, fmt.Sprintf("policy %s (%s) is configured but not on the appliance", p.label, p.name))
		case n > 1:
			duplicates += n - 1
			diffs = append(diffs, fmt.Sprintf("policy %s (%s) is on the appliance %d times", p.label, p.name, n))
		}
	}
	o, w := s.Options, c.options
	days := 0
	if o.Audit.Cleanup.Enabled {
		days = o.Audit.Cleanup.Days
	}
	got := fmt.Sprint(o.Service.Enabled, o.Service.LogLevel, days, o.Audit.Timestamping.Selection, o.Audit.Timestamping.SigningInterval)
	want := fmt.Sprint(w.serviceEnabled, w.logLevel, w.cleanupDays, "local", w.signingInterval)
	if got != want {
		diffs = append(diffs, fmt.Sprintf("options: appliance has %s, configured %s", got, want))
	}
	od, odups := s.compareObjects(c)
	return append(diffs, od...), duplicates + odups
}

func decodeSnapshot(raw []byte) (mockSnapshot, error) {
	var s mockSnapshot
	err := json.Unmarshal(raw, &s)
	return s, err
}

// The walk is only as good as its model: the same seed must give the same
// walk, and compare must see every kind of difference it counts.
func TestChaosWalkModel(t *testing.T) {
	walk := func(seed uint64) []string {
		g := newWalkGen(seed)
		c := g.initial()
		out := []string{c.hcl()}
		for range 20 {
			c, _ = g.next(c)
			out = append(out, c.hcl(), fmt.Sprint(g.signalPlan()))
		}
		return out
	}
	if !slices.Equal(walk(7), walk(7)) {
		t.Error("the same seed gave two different walks")
	}
	if slices.Equal(walk(7), walk(8)) {
		t.Error("two seeds gave the same walk")
	}

	cfg := walkConfig{
		policies: []walkPolicy{{label: "p1", name: "a", timeout: 60, inactivity: 120, clientTLS: "TLSv1_2", srvTLS: "TLSv1_0"}},
		options:  walkOptions{serviceEnabled: true, logLevel: 3, cleanupDays: 40, signingInterval: 30},
		objects:  []walkObject{{label: "g1", name: "o", comment: "c1", port: 22}},
	}
	obj := walkObjectBody{Name: "o", Comment: "c1", Ports: []int{22}}
	one := map[string]walkObjectBody{"o1": obj}
	const policy = `{"name":"a","timeout":60,"preconnect_channel_check":false,"inactivity_timeout":{"enabled":true,"value":120},` +
		`"client_tls_security_settings":{"minimum_tls_version":"TLSv1_2"},"server_tls_security_settings":{"minimum_tls_version":"TLSv1_0"}}`
	const options = `"options":{"audit":{"cleanup":{"enabled":true,"channel_database_cleanup_days":40},"timestamping":{"selection":"local","signing_interval":30}},"service":{"enabled":true,"log_level":3}}`
	for _, tc := range []struct {
		name, state string
		objects     map[string]walkObjectBody
		diffs, dups int
	}{
		{"equal", `{"settings_policies":{"-1":{"name":"default"},"k1":` + policy + `},` + options + `}`, one, 0, 0},
		{"missing", `{"settings_policies":{},` + options + `}`, one, 1, 0},
		{"twice", `{"settings_policies":{"k1":` + policy + `,"k2":` + policy + `},` + options + `}`, one, 1, 1},
		{"extra", `{"settings_policies":{"k1":` + policy + `,"k2":{"name":"b"}},` + options + `}`, one, 1, 0},
		{"value", `{"settings_policies":{"k1":` + strings.Replace(policy, `"timeout":60`, `"timeout":90`, 1) + `},` + options + `}`, one, 1, 0},
		{"options", `{"settings_policies":{"k1":` + policy + `},` + strings.Replace(options, `"log_level":3`, `"log_level":4`, 1) + `}`, one, 1, 0},
		{"object missing", `{"settings_policies":{"k1":` + policy + `},` + options + `}`, nil, 1, 0},
		{"object twice", `{"settings_policies":{"k1":` + policy + `},` + options + `}`, map[string]walkObjectBody{"o1": obj, "o2": obj}, 1, 1},
		{"object extra", `{"settings_policies":{"k1":` + policy + `},` + options + `}`, map[string]walkObjectBody{"o1": obj, "o2": {Name: "x"}}, 1, 0},
		{"object value", `{"settings_policies":{"k1":` + policy + `},` + options + `}`, map[string]walkObjectBody{"o1": {Name: "o", Comment: "c2", Ports: []int{22}}}, 1, 0},
	} {
		s, err := decodeSnapshot([]byte(tc.state))
		if err != nil {
			t.Fatal(err)
		}
		s.Objects = tc.objects
		diffs, dups := s.compare(cfg)
		if len(diffs) != tc.diffs || dups != tc.dups {
			t.Errorf("%s: compare gave %d diffs %q and %d duplicates, want %d and %d", tc.name, len(diffs), diffs, dups, tc.diffs, tc.dups)
		}
	}
}

// The walk's check of a refused apply's advice reads the CLI's wrapped,
// boxed diagnostics.
func TestChaosWalkUnnamedLeftovers(t *testing.T) {
	const k1, k2 = "41d0a2cc-c920-49ec-8f6d-0a994851136a", "aaabf30b-95a7-4688-9661-001168857800"
	named := "│ Error: policy name taken\n│ \n│ \"chaos-1\" is already used by policy " + k1 + ". Adopt it with terraform\n│ import, or an import block:\n│   import {\n│     to = sps_vnc_settings_policy.p1\n│     identity = { key = \"" + k1 + "\" }\n│   }\n"
	for _, tc := range []struct {
		name, out  string
		left, want []string
	}{
		{"named and wrapped", named, []string{k1}, nil},
		{"another key missing", named, []string{k1, k2}, []string{k2}},
		{"no import advice", strings.ReplaceAll(named, "import", "adopt"), []string{k1}, []string{k1}},
		{"key missing", strings.ReplaceAll(named, k1, "a policy"), []string{k1}, []string{k1}},
	} {
		if got := unnamedLeftovers(tc.out, tc.left); !slices.Equal(got, tc.want) {
			t.Errorf("%s: unnamed %v, want %v", tc.name, got, tc.want)
		}
	}
}

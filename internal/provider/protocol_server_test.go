package provider_test

import (
	"reflect"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider"
	auditds "github.com/terraform-sps/terraform-provider-sps/internal/service/audit"
)

// TestProtocolServerExposesEveryFrameworkMethod: tf6server finds optional
// servers (list resources, actions, state stores, and whatever
// terraform-plugin-go adds next) by type assertion, so every exported
// method of the framework's server must also be a method of the wrapper.
// The wrapper embeds an interface, so a method the framework gains is not
// promoted until frameworkServer names it; this test fails until it does.
func TestProtocolServerExposesEveryFrameworkMethod(t *testing.T) {
	t.Parallel()
	fw := providerserver.NewProtocol6(provider.New("test")())()
	wrapped, err := provider.NewProtocol6Server(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := provider.FastPathReads(wrapped); !ok {
		t.Fatalf("the server is %T, not the wrapper: the fast path is off", wrapped)
	}
	if missing := missingMethods(reflect.TypeOf(fw), reflect.TypeOf(wrapped)); len(missing) > 0 {
		t.Fatalf("the wrapper hides these methods of the framework's server (add their interfaces to frameworkServer): %v", missing)
	}
	// The check itself can fail: a type with fewer methods is caught.
	if missing := missingMethods(reflect.TypeOf(fw), reflect.TypeOf((*tfprotov6.ProviderServer)(nil)).Elem()); len(missing) == 0 {
		t.Fatal("missingMethods found nothing missing from the bare ProviderServer interface")
	}
}

// missingMethods lists the exported methods of have that want lacks.
func missingMethods(have, want reflect.Type) []string {
	var missing []string
	for i := range have.NumMethod() {
		m := have.Method(i)
		if !m.IsExported() {
			continue
		}
		if _, ok := want.MethodByName(m.Name); !ok {
			missing = append(missing, m.Name)
		}
	}
	return missing
}

// TestProtocolServerFastPathIsUsed: reads of sps_audit_sessions that fill
// sessions go through the splice (the counter moves once per read), the
// state is the one the framework alone builds, and a read of another data
// source does not touch the counter.
func TestProtocolServerFastPathIsUsed(t *testing.T) {
	t.Parallel()
	ts := mockspstest.Start(t, mockspstest.WithAudit(audit.Generate(40, 3, acctest.AuditNow)), mockspstest.WithNow(acctest.AuditNow))
	srv, err := provider.NewProtocol6Server(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	fastPathReads := func() int64 {
		n, _ := provider.FastPathReads(srv)
		return n
	}
	if _, ok := provider.FastPathReads(srv); !ok {
		t.Fatalf("the server is %T, not the wrapper", srv)
	}
	factory := func() (tfprotov6.ProviderServer, error) { return srv, nil }
	plain := providerserver.NewProtocol6WithError(provider.New("test")())

	all := map[string]tftypes.Value{}
	got := acctest.ReadDataSourceProtoWith(t, factory, ts.URL, auditds.SessionsTypeName, all)
	if n := fastPathReads(); n != 1 {
		t.Fatalf("fast path reads after one typed read: %d, want 1", n)
	}
	if want := acctest.ReadDataSourceProtoWith(t, plain, ts.URL, auditds.SessionsTypeName, all); !got.Equal(want) {
		t.Fatal("the fast path gives a different state than the framework alone")
	}
	none := map[string]tftypes.Value{"fields": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{})}
	acctest.ReadDataSourceProtoWith(t, factory, ts.URL, auditds.SessionsTypeName, none)
	if n := fastPathReads(); n != 2 {
		t.Fatalf("fast path reads after a read with fields = []: %d, want 2", n)
	}
	acctest.ReadDataSourceProtoWith(t, factory, ts.URL, "sps_audit_session_histogram", map[string]tftypes.Value{})
	if n := fastPathReads(); n != 2 {
		t.Fatalf("a histogram read counted as a fast path read: %d", n)
	}

	// The CSV-only data source builds no session list: no splice, and
	// the same CSV as csv_fields next to sessions, which still splices.
	columns := tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "protocol")})
	csvOnly := acctest.ReadDataSourceProtoWith(t, factory, ts.URL, "sps_audit_sessions_csv", map[string]tftypes.Value{"columns": columns})
	if n := fastPathReads(); n != 2 {
		t.Fatalf("a CSV-only read counted as a fast path read: %d", n)
	}
	both := acctest.ReadDataSourceProtoWith(t, factory, ts.URL, auditds.SessionsTypeName, map[string]tftypes.Value{"csv_fields": columns})
	if n := fastPathReads(); n != 3 {
		t.Fatalf("fast path reads after a read with csv_fields: %d, want 3", n)
	}
	var a, b map[string]tftypes.Value
	if err := csvOnly.As(&a); err != nil {
		t.Fatal(err)
	}
	if err := both.As(&b); err != nil {
		t.Fatal(err)
	}
	if a["csv"].IsNull() || !a["csv"].Equal(b["csv"]) || b["sessions"].IsNull() {
		t.Fatalf("CSV-only csv %v, with sessions %v (sessions null: %v)", a["csv"], b["csv"], b["sessions"].IsNull())
	}
}

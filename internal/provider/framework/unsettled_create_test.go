package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// fakePrivate stands in for the framework's private state of a request
// and its response.
type fakePrivate map[string][]byte

func (f fakePrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	if len(v) == 0 {
		delete(f, k)
	} else {
		f[k] = v
	}
	return nil
}

func (f fakePrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return f[k], nil }

// A create whose commit outcome is unknown is a warning (Terraform 1.16
// crashes on the error-with-object answer), marks the outcome in private
// state, and the next Read settles it: found clears the mark quietly,
// gone says the commit did not land.
func TestUnsettledCreate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	unknown := fmt.Errorf("creating: %w", &sps.CommitOutcomeUnknownError{Waited: 4 * time.Second, Cause: errors.New("timeout")})
	private := fakePrivate{}
	var diags diag.Diagnostics
	AddUnsettledCreate(ctx, &diags, private, diagnostics.AreaSettingsPolicy, `VNC settings policy "x"`, "the next refresh settles it.", unknown)
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want one warning and no error, got %v", diags)
	}
	w := diags.Warnings()[0]
	if w.Summary() != "SPS commit outcome unknown" || !strings.Contains(w.Detail(), "Nothing was sent twice") ||
		!strings.Contains(w.Detail(), "Terraform 1.16") {
		t.Errorf("warning %q / %q", w.Summary(), w.Detail())
	}
	if len(private[privateUnsettledCreate]) == 0 {
		t.Fatal("the unknown outcome is not marked in private state")
	}

	// gone: a warning that the commit did not land; the mark stays with
	// the object that Read drops.
	var readDiags diag.Diagnostics
	SettleUnsettledCreate(ctx, &readDiags, private, fakePrivate{}, "x", false)
	if readDiags.WarningsCount() != 1 || !strings.Contains(readDiags.Warnings()[0].Detail(), "did not land") {
		t.Errorf("gone: %v", readDiags)
	}

	// found: no diagnostic, and the mark is cleared.
	resp := fakePrivate{privateUnsettledCreate: private[privateUnsettledCreate]}
	readDiags = nil
	SettleUnsettledCreate(ctx, &readDiags, private, resp, "x", true)
	if len(readDiags) != 0 || len(resp[privateUnsettledCreate]) != 0 {
		t.Errorf("found: diags %v, mark left %q", readDiags, resp[privateUnsettledCreate])
	}

	// no mark: nothing to say either way.
	readDiags = nil
	SettleUnsettledCreate(ctx, &readDiags, fakePrivate{}, fakePrivate{}, "x", false)
	if len(readDiags) != 0 {
		t.Errorf("no mark: %v", readDiags)
	}
}

package functions_test

import (
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
)

func TestFunctionSessionRESTID(t *testing.T) {
	t.Parallel()
	acctest.TestFunctions(t, acctest.FunctionStep(
		acctest.FunctionOutput{Name: "doc_example", Expr: `provider::sps::session_rest_id("svc/fNLgRmAyf5EtycgUYnKc1B/ssh_demo2:2")`, Want: "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2"},
		acctest.FunctionOutput{Name: "with_protocol", Expr: `provider::sps::session_rest_id("svc/5tmEaM7xdNi1oscgVWpbZx/ssh_console:1/ssh")`, Want: "svc-5tmEaM7xdNi1oscgVWpbZx-ssh_console-1-ssh"},
		acctest.FunctionOutput{Name: "already_rest", Expr: `provider::sps::session_rest_id("svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2")`, Want: "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2"},
	))
}

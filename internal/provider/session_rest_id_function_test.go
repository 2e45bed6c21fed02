package provider

import (
	"testing"
)

func TestFunctionSessionRESTID(t *testing.T) {
	t.Parallel()
	testFunctions(t, functionStep(
		functionOutput{"doc_example", `provider::sps::session_rest_id("svc/fNLgRmAyf5EtycgUYnKc1B/ssh_demo2:2")`, "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2"},
		functionOutput{"with_protocol", `provider::sps::session_rest_id("svc/5tmEaM7xdNi1oscgVWpbZx/ssh_console:1/ssh")`, "svc-5tmEaM7xdNi1oscgVWpbZx-ssh_console-1-ssh"},
		functionOutput{"already_rest", `provider::sps::session_rest_id("svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2")`, "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2"},
	))
}

package audit

import (
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Helpers of the package's internal tests; the acceptance tests (package
// audit_test) use internal/acctest.

// auditNow is the mock's clock in these tests: generated sessions depend
// on it.
var auditNow = time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)

// vendorSample is the mock's copy of the vendor's sample session document
// (and the two sessions of the search page's example).
const vendorSample = "../../mocksps/audit/testdata/session_details.json"

// stringList is a list(string) value.
func stringList(vs ...string) tftypes.Value {
	elems := make([]tftypes.Value, 0, len(vs))
	for _, v := range vs {
		elems = append(elems, tftypes.NewValue(tftypes.String, v))
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
}

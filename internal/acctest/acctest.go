// Package acctest is the acceptance-test harness of the provider: the
// provider served in process over plugin protocol 6, and the helpers the
// tests of more than one package share (reading a data source through the
// protocol, JSON comparisons, checks of what the mock SPS committed,
// provider-function steps, the audit fixtures, and a harness that runs a
// real Terraform CLI against the in-process provider).
//
// Every test starts its own in-process mock appliance (internal/mocksps) on
// an httptest server, so tests can run in parallel and can inspect and
// change the appliance's committed state directly, without going through
// the provider. The tests of a room import this package from an external
// test package (package vnc_test): the harness imports the provider, which
// imports every room.
package acctest

import (
	"path/filepath"
	"runtime"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider"
)

// ProtoV6ProviderFactories runs the provider in-process; Terraform never
// downloads anything.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"sps": provider.NewProtocol6Server(provider.New("test")()),
}

// sourceDir is this package's directory: the tests that use the harness run
// in their own package's directory, so its files are found from here.
var sourceDir = func() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("acctest: no caller information to find the package's files")
	}
	return filepath.Dir(file)
}()

package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// What the external tests (package provider_test) reach of the package's
// unexported names.

// NewWithClientTuning is New("test") whose Configure lets tune adjust the
// client's configuration before building the client (shorter waits than the
// provider block can set).
func NewWithClientTuning(version string, tune func(*sps.Config)) provider.Provider {
	return &spsProvider{version: version, tuneClient: tune}
}

// FastPathReads is the number of reads whose sessions the protocol server
// s spliced in; ok is false when s is not the wrapper.
func FastPathReads(s tfprotov6.ProviderServer) (n int64, ok bool) {
	ps, ok := s.(*protocolServer)
	if !ok {
		return 0, false
	}
	return ps.fastPathReads.Load(), true
}

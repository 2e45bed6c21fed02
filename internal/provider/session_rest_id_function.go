package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var _ function.Function = sessionRESTIDFunction{}

// sessionRESTIDFunction converts a logged session id to its REST form, for
// building links and for matching ids from syslog against search results.
type sessionRESTIDFunction struct{}

// NewSessionRESTIDFunction is the constructor the provider registers.
func NewSessionRESTIDFunction() function.Function { return sessionRESTIDFunction{} }

func (sessionRESTIDFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "session_rest_id"
}

func (sessionRESTIDFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Convert an SPS session id to the form REST paths use",
		MarkdownDescription: "SPS logs a recorded session as `svc/<hash>/<connection-policy>:<n>` (sometimes followed by " +
			"`/<protocol>`), but its REST API addresses the session with every separator replaced by a hyphen: " +
			"`svc/fNLgRmAyf5EtycgUYnKc1B/ssh_demo2:2` becomes `svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2`. Letters, digits, " +
			"`_` and `-` are kept and every other character becomes `-`. An id already in REST form comes back unchanged.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "id",
				MarkdownDescription: "A session id as SPS logs it, or already in REST form.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (sessionRESTIDFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var id string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &id))
	if resp.Error != nil {
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, sps.SessionRESTID(id)))
}

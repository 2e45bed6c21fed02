package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// NewSessionRESTID is session_rest_id: it converts a logged session id to
// its REST form, for building links and for matching ids from syslog
// against search results.
func NewSessionRESTID() function.Function {
	return providerFunction{
		name: "session_rest_id",
		def: function.Definition{
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
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var id string
			if err := req.Arguments.Get(ctx, &id); err != nil {
				return "", err
			}
			return sps.SessionRESTID(id), nil
		},
	}
}

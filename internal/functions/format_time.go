package functions

import (
	"context"
	// The provider carries the IANA time zone database, so format_time
	// knows every zone on every platform (Windows has no system copy).
	_ "time/tzdata"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/terraform-sps/terraform-provider-sps/internal/report"
)

// NewFormatTime is format_time.
func NewFormatTime() function.Function {
	return providerFunction{
		name: "format_time",
		def: function.Definition{
			Summary: "Write a time from SPS in one readable form with its zone",
			MarkdownDescription: "Returns `time` as `2006-01-02 15:04:05` followed by the zone (`UTC`, or the offset from " +
				"it such as `UTC+01:00`), in the time zone `zone`, so every time of a report reads the same way. It " +
				"takes the forms SPS writes: RFC 3339 with or without fractions (`2026-12-06T22:02:57.000Z`, session " +
				"and histogram times; converted to `zone`), a date-time without a zone (`2026-12-06T10:00:42.000000`, " +
				"alert and event times, which SPS's documentation gives no zone for: read as a time in `zone`), and a " +
				"date (`2026-12-06`, midnight in `zone`). Fractions of a second are dropped. An empty or null `time` " +
				"gives `\"\"`, which `html_table()` shows as a dash. Terraform's own `formatdate()` refuses times " +
				"without a zone, hence this function.",
			Parameters: []function.Parameter{
				function.StringParameter{Name: "time", AllowNullValue: true, MarkdownDescription: "A time as SPS writes it."},
				function.StringParameter{Name: "zone", MarkdownDescription: "An IANA time zone name: `UTC`, `Europe/Berlin`..."},
			},
			Return: function.StringReturn{},
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var value *string
			var zone string
			if err := req.Arguments.Get(ctx, &value, &zone); err != nil {
				return "", err
			}
			v := ""
			if value != nil {
				v = *value
			}
			out, arg, err := report.FormatTime(v, zone)
			return rendered(out, arg, err)
		},
	}
}

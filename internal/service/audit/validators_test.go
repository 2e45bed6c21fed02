package audit

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestParseAuditDate(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{
		"2017-01-25", "2017-01-25T10", "2017-01-25T10:00", "2017-01-25T11:11:52", "2017-01-25T11:11:52.000+01:00",
		"2017-01-25T11:11:52Z", "2017-01-25T10:00+01:00", "2017-01-25T10:00:00+0100", "2017-01-25 10:00",
		"2018-10-11T09:23:38.123456+02:00",
	} {
		t.Run(ok, func(t *testing.T) {
			if _, valid := parseAuditDate(ok); !valid {
				t.Errorf("%q rejected", ok)
			}
		})
	}
	for _, bad := range []string{"", "yesterday", "2017-13-01", "2017-01-25T25:00", "25/01/2017", "1485338400", "2017-01-25T10:00 CET"} {
		t.Run(bad, func(t *testing.T) {
			if _, valid := parseAuditDate(bad); valid {
				t.Errorf("%q accepted", bad)
			}
		})
	}
}

func TestSortEntryPattern(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"start_time", "-duration", "user.gateway_username", "-recording.connection_policy"} {
		if !sortEntryPattern.MatchString(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "-", "+start_time", "--x", "a..b", "a.", "start time", "duration,protocol"} {
		if sortEntryPattern.MatchString(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTimeZoneValidator(t *testing.T) {
	t.Parallel()
	check := func(v string) bool {
		resp := &validator.StringResponse{}
		timeZoneValidator().ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("time_zone"), ConfigValue: types.StringValue(v),
		}, resp)
		return !resp.Diagnostics.HasError()
	}
	for _, ok := range []string{"UTC", "Etc/UTC", "Europe/Budapest", "America/New_York"} {
		if !check(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus_Mons", "CEST+2"} {
		if check(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

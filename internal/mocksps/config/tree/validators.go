package tree

import (
	"encoding/json"
	"regexp"
	"strconv"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
)

// The validators of the families whose element table the reference prints
// completely (beyond VNC's, in package vnc).

var timeOfDay = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):[0-5][0-9]$`)

var weekdays = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// timePolicy checks a time policy: its table documents name (no
// whitespace) and one list of ["hh:mm", "hh:mm"] intervals per weekday (an
// empty list for no access that day); nothing else.
func timePolicy(v any) (json.RawMessage, *config.FieldError) {
	if _, fe := nameWithoutWhitespace(v); fe != nil {
		return nil, fe
	}
	m, fe := config.Object(v, "body", append([]string{"name"}, weekdays...)...)
	if fe != nil {
		return nil, fe
	}
	for _, day := range weekdays {
		if !config.Present(m, day) {
			continue
		}
		p := "body." + day
		intervals, ok := m[day].([]any)
		if !ok {
			return nil, config.Errorf(p, `must be a list of intervals ["hh:mm", "hh:mm"] (an empty list for no access), not %s`, config.KindOf(m[day]))
		}
		for i, iv := range intervals {
			ip := p + "[" + strconv.Itoa(i) + "]"
			pair, ok := iv.([]any)
			if !ok || len(pair) != 2 {
				return nil, config.Errorf(ip, `must be one interval ["hh:mm", "hh:mm"]`)
			}
			for j, t := range pair {
				if s, ok := t.(string); !ok || !timeOfDay.MatchString(s) {
					return nil, config.Errorf(ip+"["+strconv.Itoa(j)+"]", `must be a time of day "hh:mm" such as "8:00" or "23:59"`)
				}
			}
		}
	}
	return mustJSON(m), nil
}

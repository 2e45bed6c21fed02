package audit

import (
	"bytes"
	"net/http"
	"strings"
)

// writeCSV renders the CSV export: a header row ("Key" and the documented
// column names, in the order the fields were requested), then one row per
// session, or one row per value when a field holds a list (rows multiply
// for several list fields). Every cell is quoted.
func (d *state) writeCSV(w http.ResponseWriter, r *http.Request, ids []int32, fields []string) {
	if len(fields) == 1 && fields[0] == "*" {
		fields = d.ix.LeafPaths()
	}
	var buf bytes.Buffer
	header := []string{"Key"}
	for _, f := range fields {
		header = append(header, csvHeader(f))
	}
	writeCSVRow(&buf, header)
	for _, s := range ids {
		doc := d.Doc(int(s))
		cols := make([][]string, len(fields))
		for i, f := range fields {
			cols[i] = rawCells(d.rawFieldValue(s, doc, f, r))
		}
		key := d.sessions[s].key
		row := make([]string, len(fields)+1)
		row[0] = key
		var emit func(i int)
		emit = func(i int) {
			if i == len(cols) {
				writeCSVRow(&buf, row)
				return
			}
			for _, cell := range cols[i] {
				row[i+1] = cell
				emit(i + 1)
			}
		}
		emit(0)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

func writeCSVRow(buf *bytes.Buffer, cells []string) {
	for i, c := range cells {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('"')
		buf.WriteString(strings.ReplaceAll(c, `"`, `""`))
		buf.WriteByte('"')
	}
	buf.WriteString("\r\n")
}

// csvHeaders names the CSV columns SPS documents (Key first, then one per
// requested field, in the order requested). Other fields use their name.
var csvHeaders = map[string]string{
	"protocol":                     "Protocol",
	"start_time":                   "Start time",
	"end_time":                     "End time",
	"duration":                     "Duration",
	"active":                       "Active",
	"verdict":                      "Verdict",
	"user.gateway_username":        "Gateway username",
	"user.name":                    "Gateway username",
	"name":                         "Gateway username",
	"psm.gateway_username":         "Gateway username",
	"user.server_username":         "Server username",
	"server_username":              "Server username",
	"server.ip":                    "Server IP",
	"server.address":               "Server IP",
	"server.port":                  "Server port",
	"client.ip":                    "Client IP",
	"client.address":               "Client IP",
	"client.port":                  "Client port",
	"recording.session_id":         "Recording Session ID",
	"recording.connection_policy":  "Connection policy",
	"recording.channel_policy":     "Channel policy",
	"recording.auth_method":        "Authentication method",
	"recording.verdict":            "Recording verdict",
	"recording.index_status":       "Index status",
	"analytics.interesting_events": "Analytics Interesting events",
	"analytics.similar_sessions":   "Similar Sessions",
	"analytics.tags":               "Analytics tags",
	"analytics.score.aggregated":   "Analytics score",
	fieldTrailLink:                 "Audit trail download link",
}

func csvHeader(field string) string {
	if h, ok := csvHeaders[field]; ok {
		return h
	}
	return field
}

package audit

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// writeCSV renders the CSV export: a header row ("Key" and the documented
// column names, in the order the fields were requested), then one row per
// session, or one row per value when a field holds a list (rows multiply
// for several list fields). Every cell is quoted.
func (st *Store) writeCSV(w http.ResponseWriter, r *http.Request, ids []int32, fields []string) {
	if len(fields) == 1 && fields[0] == "*" {
		fields = st.allLeafPaths()
	}
	var buf bytes.Buffer
	header := []string{"Key"}
	for _, f := range fields {
		header = append(header, csvHeader(f))
	}
	writeCSVRow(&buf, header)
	for _, s := range ids {
		doc, err := decodeJSON(st.doc(s))
		if err != nil {
			continue
		}
		cols := make([][]string, len(fields))
		for i, f := range fields {
			cols[i] = csvCells(st.fieldValue(s, doc, f, r))
		}
		key := st.sessions[s].key
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

// csvCells turns a value into its cells: one per list element (an empty list
// gives one empty cell), otherwise one.
func csvCells(v any) []string {
	list, ok := v.([]any)
	if !ok {
		return []string{csvText(v)}
	}
	if len(list) == 0 {
		return []string{""}
	}
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = csvText(e)
	}
	return out
}

func csvText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return string(marshal(v))
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

// allLeafPaths lists every indexed element path (fields=* in CSV).
func (st *Store) allLeafPaths() []string {
	out := make([]string, 0, len(st.cols))
	for p := range st.cols {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

package audit

import (
	"bytes"
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
		doc := st.doc(s)
		cols := make([][]string, len(fields))
		for i, f := range fields {
			cols[i] = rawCells(st.rawFieldValue(s, doc, f, r))
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

package sps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Item 1: the vendor's histogram sample reports meta.bin_size "month"
// although its buckets are an hour apart. Asked for hours, the client must
// refuse it, naming both values, instead of labeling months as hours.
func TestHistogramVerifiesBinSize(t *testing.T) {
	t.Parallel()
	fake := canned(vendorSample(t, "histogram.json"))
	c := newAuditTestClient(t, fake)
	_, err := c.SessionHistogram(context.Background(), HistogramQuery{BinSize: "hour", Field: "recording.connection_policy"})
	var mm *HistogramMismatchError
	if !errors.As(err, &mm) || mm.Param != "bin_size" || mm.Requested != "hour" || mm.Answered != "month" {
		t.Fatalf("err = %v, want a bin_size mismatch hour/month", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `"hour"`) || !strings.Contains(msg, `"month"`) {
		t.Errorf("message %q names not both values", msg)
	}
	// Both documented spellings go out with the same value.
	q := fake.queries[0]
	if q.Get("bin_size") != "hour" || q.Get("bin-size") != "hour" {
		t.Errorf("query %v: want bin_size=hour and bin-size=hour", q)
	}
}

// The same sample, asked for what it reports, is accepted as is.
func TestHistogramAcceptsAMatchingAnswer(t *testing.T) {
	t.Parallel()
	c := newAuditTestClient(t, canned(vendorSample(t, "histogram.json")))
	for _, q := range []HistogramQuery{
		{BinSize: "month", Field: "recording.connection_policy", TimeZone: "Etc/UTC"},
		{BinSize: "Month", Field: "recording.connection_policy", TimeZone: "UTC"}, // UTC by another name
		{Field: "recording.connection_policy"},                                    // defaults: whatever SPS used
	} {
		t.Run(fmt.Sprintf("bin=%q tz=%q", q.BinSize, q.TimeZone), func(t *testing.T) {
			res, err := c.SessionHistogram(context.Background(), q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			if len(res.Buckets) != 6 || res.Buckets[1].StartCount != 89 || res.BinSize != "month" || res.TimeZone != "Etc/UTC" {
				t.Fatalf("%+v: got %+v", q, res)
			}
		})
	}
}

func TestHistogramVerifiesFieldAndTimeZone(t *testing.T) {
	t.Parallel()
	c := newAuditTestClient(t, canned(vendorSample(t, "histogram.json")))
	for _, tc := range []struct {
		q                          HistogramQuery
		param, requested, answered string
	}{
		{HistogramQuery{Field: "protocol"}, "field", "protocol", "recording.connection_policy"},
		// time_zone is documented only as a meta element: an appliance that
		// ignores the parameter reports its own zone.
		{HistogramQuery{Field: "recording.connection_policy", TimeZone: "Europe/Budapest"}, "time_zone", "Europe/Budapest", "Etc/UTC"},
	} {
		t.Run(tc.param, func(t *testing.T) {
			_, err := c.SessionHistogram(context.Background(), tc.q)
			var mm *HistogramMismatchError
			if !errors.As(err, &mm) || mm.Param != tc.param || mm.Requested != tc.requested || mm.Answered != tc.answered {
				t.Errorf("%+v: err = %v, want %s mismatch %s/%s", tc.q, err, tc.param, tc.requested, tc.answered)
			}
		})
	}
}

// Item 2: an appliance that reports no meta.time_zone is checked on its
// buckets: day buckets must start at midnight in the requested zone.
func TestHistogramChecksBucketsWhenTheZoneIsNotReported(t *testing.T) {
	t.Parallel()
	answer := func(ids ...string) string {
		var b strings.Builder
		b.WriteString(`{"body": {"buckets": [`)
		for i, id := range ids {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"active_count": 1, "id": %q, "start_count": 1}`, id)
		}
		b.WriteString(`]}, "key": "histogram", "meta": {"bin_size": "day", "field": "protocol"}}`)
		return b.String()
	}
	q := HistogramQuery{BinSize: "day", Field: "protocol", TimeZone: "Europe/Budapest"}

	ignored := newAuditTestClient(t, canned(answer("2018-01-15T00:00:00.000Z", "2018-01-16T00:00:00.000Z")))
	_, err := ignored.SessionHistogram(context.Background(), q)
	var mm *HistogramMismatchError
	if !errors.As(err, &mm) || mm.Param != "time_zone" || !strings.Contains(err.Error(), "2018-01-15T00:00:00.000Z") {
		t.Fatalf("UTC-aligned days for Europe/Budapest: err = %v, want a time_zone mismatch naming the bucket", err)
	}
	// The same days aligned to Budapest, written in UTC or with the offset.
	honored := newAuditTestClient(t, canned(answer("2018-01-14T23:00:00.000Z", "2018-01-16T00:00:00.000+01:00")))
	if _, err := honored.SessionHistogram(context.Background(), q); err != nil {
		t.Fatalf("Budapest-aligned days: %v", err)
	}
}

# Sessions per hour over the last day, in the office's time zone.
data "sps_audit_session_histogram" "hourly" {
  bin_size  = "hour"
  start     = formatdate("YYYY-MM-DD'T'hh:00", timeadd(plantimestamp(), "-24h"))
  end       = formatdate("YYYY-MM-DD'T'hh:00", plantimestamp())
  time_zone = "Europe/Budapest"
  query     = "verdict:accept"
}

output "hourly_chart" {
  value = provider::sps::bar_chart(
    [for b in data.sps_audit_session_histogram.hourly.buckets : b.start_count],
    [for b in data.sps_audit_session_histogram.hourly.buckets : substr(b.time, 11, 5)],
    40,
  )
}

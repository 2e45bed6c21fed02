# Sessions started per hour on one day: the buckets of the data source go
# in as they are.
data "sps_audit_session_histogram" "hourly" {
  bin_size = "hour"
  start    = "2024-05-01"
  end      = "2024-05-01T23:59:59"
}

output "hourly_chart" {
  value = provider::sps::svg_histogram("Sessions per hour", data.sps_audit_session_histogram.hourly.buckets)
}

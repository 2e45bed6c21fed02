# Last month's sessions as a CSV report of a few columns. No typed session
# list is built, so even tens of thousands of sessions plan quickly; above
# 10000 the search is read in start_time ranges.
data "sps_audit_sessions_csv" "last_month" {
  start       = formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "-720h"))
  sort        = ["start_time"]
  max_results = 50000
  columns     = ["start_time", "protocol", "user.gateway_username", "client.ip", "verdict"]
}

output "sessions_last_month" {
  value = data.sps_audit_sessions_csv.last_month.match_count
}

output "sessions_last_month_csv" {
  value = data.sps_audit_sessions_csv.last_month.csv
}

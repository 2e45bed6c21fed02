# Sessions per protocol.
data "sps_audit_session_stats" "by_protocol" {
  field = "protocol"
}

# The five busiest gateway users this month, with the three protocols each
# used most.
data "sps_audit_session_stats" "top_users" {
  field     = "user.gateway_username"
  sub_field = "protocol"
  size      = 5
  start     = formatdate("YYYY-MM-01", plantimestamp())
}

output "sessions_per_protocol" {
  value = { for i in data.sps_audit_session_stats.by_protocol.items : i.value => i.count }
}

output "top_users" {
  value = {
    for i in data.sps_audit_session_stats.top_users.items :
    i.value => { for b in i.buckets : b.value => b.count }
  }
}

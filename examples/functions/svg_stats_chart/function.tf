# The ten busiest users, each bar split by protocol: the items of the data
# source go in as they are. The value axis counts sessions; the labels are
# headed "gateway user" and the legend of the parts "protocol".
data "sps_audit_session_stats" "top_users" {
  field     = "user.gateway_username"
  sub_field = "protocol"
  size      = 10
  start     = "2024-05-01"
  end       = "2024-05-07"
}

output "top_users_chart" {
  value = provider::sps::svg_stats_chart("Top users and their protocols", "gateway user", "protocol", data.sps_audit_session_stats.top_users.items)
}

# Every local usergroup, keys and bodies.
data "sps_config_objects" "groups" {
  path = "aaa/local_database/groups"
}

output "group_names" {
  value = [for k in data.sps_config_objects.groups.keys : data.sps_config_objects.groups.objects[k].name]
}

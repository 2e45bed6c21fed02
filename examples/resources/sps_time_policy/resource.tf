# Office hours: weekdays 8:00 to 18:00 with a lunch break on Friday,
# Saturday morning; no access on Sunday (left out: an empty list).
resource "sps_time_policy" "office" {
  name = "office-hours"

  mon = [{ start = "8:00", end = "18:00" }]
  tue = [{ start = "8:00", end = "18:00" }]
  wed = [{ start = "8:00", end = "18:00" }]
  thu = [{ start = "8:00", end = "18:00" }]
  fri = [
    { start = "8:00", end = "12:00" },
    { start = "13:00", end = "16:00" },
  ]
  sat = [{ start = "9:00", end = "12:00" }]
}

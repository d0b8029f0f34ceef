// Calendar dates in the physician's time zone (the profile's), as YYYY-MM-DD strings.

export function todayIn(timeZone) {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

export function yearStart(isoDate) {
  return `${isoDate.slice(0, 4)}-01-01`;
}

// The first day of the physician's year holding isoDate: the fiscal year when it does not start
// in January (as the server's reports count it).
export function fiscalYearStart(isoDate, startMonth = 1) {
  const [y, m] = isoDate.split("-").map(Number);
  const year = m >= startMonth ? y : y - 1;
  return `${year}-${String(startMonth).padStart(2, "0")}-01`;
}

export function daysBefore(isoDate, days) {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

// The Monday of the ISO week holding isoDate (weeks run Monday to Sunday, as the server's
// week totals count them).
export function mondayOf(isoDate) {
  const [y, m, d] = isoDate.split("-").map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0 ... Sunday 6
  return daysBefore(isoDate, weekday);
}

export function longDate(isoDate) {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-US", {
    weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC",
  });
}

-- Find or create the incident for one article, atomically.
-- KEYS: index keys type|place|day, nearest day first; KEYS[1] is the article's own day.
-- ARGV[1]: the incident id to register if none is found; ARGV[2]: TTL in seconds.
-- Returns the incident id found (first non-empty key) or ARGV[1] after registering it.
for i = 1, #KEYS do
  local found = redis.call('GET', KEYS[i])
  if found then
    redis.call('EXPIRE', KEYS[i], ARGV[2])
    return found
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]

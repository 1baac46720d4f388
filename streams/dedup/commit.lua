-- Write what resolving one article decided, in one round trip, if what it read is unchanged.
-- KEYS[1]: the article's full result; KEYS[2]: its receipt; with an incident also
-- KEYS[3]: the incident state, KEYS[4]: its profile hash (fields p: profile JSON, v: version),
-- KEYS[5 .. 4+S]: the feature indexes the article searched (checked when ARGV[8] is "1"),
-- KEYS[5+S ..]: the feature indexes its incident is registered under.
-- ARGV[1], ARGV[2] the result JSON before and after the new state (the state is sent once)
-- ARGV[3] receipt JSON   ARGV[4] packed signature   ARGV[5] state TTL (s)
-- ARGV[6] redelivery window (s)   ARGV[7] the incident version read ("0": a new incident)
-- ARGV[8] "1": check the candidate set   ARGV[9] the candidate set read (ids joined by "\n")
-- ARGV[10] new state JSON   ARGV[11] its version   ARGV[12] new profile JSON ("": unchanged)
-- ARGV[13] incident id   ARGV[14] S, the number of searched indexes   ARGV[15] drop entries
-- scored 1 to this from the dated indexes written (older than the TTL)
-- ARGV[16] candidate ids read per feature index
-- ARGV[17] per searched index "min max" day as lookup.lua read it, space-separated
-- ARGV[18] per index written, the score (day number, 0 when undated), space-separated
-- Replies {"ok"}; {"retry"} when another worker resolved this article or changed what was read
-- (incident version, candidate set); {"exists"} when the incident to create already exists.
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then
  return {'retry'}
end
local ttl = ARGV[5]
if #KEYS >= 4 then
  local version = redis.call('HGET', KEYS[4], 'v')
  if ARGV[7] == '0' then
    if version or redis.call('EXISTS', KEYS[3]) == 1 then
      return {'exists'}
    end
  elseif version ~= ARGV[7] then
    return {'retry'}
  end
  if ARGV[8] == '1' then
    local ids = candidate_ids(5, 4 + tonumber(ARGV[14]), words(ARGV[17]), tonumber(ARGV[16]))
    if table.concat(ids, '\n') ~= ARGV[9] then
      return {'retry'}
    end
  end
  redis.call('SET', KEYS[3], ARGV[10], 'EX', ttl)
  if ARGV[12] ~= '' then
    redis.call('HSET', KEYS[4], 'v', ARGV[11], 'p', ARGV[12])
  else
    redis.call('HSET', KEYS[4], 'v', ARGV[11])
  end
  redis.call('EXPIRE', KEYS[4], ttl)
  local searched, iid, scores = tonumber(ARGV[14]), ARGV[13], words(ARGV[18])
  for i = 5 + searched, #KEYS do
    local score = scores[i - 4 - searched]
    redis.call('ZADD', KEYS[i], score, iid)
    if score ~= '0' then
      redis.call('ZREMRANGEBYSCORE', KEYS[i], 1, ARGV[15])
    end
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
local state = (#KEYS >= 4) and ARGV[10] or ''
redis.call('SET', KEYS[1], ARGV[1] .. state .. ARGV[2], 'EX', ARGV[6])
redis.call('SET', KEYS[2], ARGV[3] .. '\n' .. ARGV[4], 'EX', ttl)
return {'ok'}

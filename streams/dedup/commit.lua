-- Write what resolving one article decided, in one round trip, if what it read is unchanged.
-- KEYS[1]: the article's full result; KEYS[2]: its receipt; with an incident also
-- KEYS[3]: the incident state, KEYS[4]: its profile ("<version>\n<packed profile>"),
-- KEYS[5 .. 4+S]: the feature indexes the article searched (checked when ARGV[7] is "1"),
-- KEYS[5+S ..]: the feature indexes its incident is registered under.
-- ARGV[1] the full result (packed; with an incident, all of it but the new state, which follows
-- it: see resolver.pack_result)   ARGV[2] receipt JSON   ARGV[3] packed signature
-- ARGV[4] state TTL (s)   ARGV[5] redelivery window (s)
-- ARGV[6] the incident version read ("0": a new incident)
-- ARGV[7] "1": check the candidate set   ARGV[8] the candidate set read (ids joined by "\n")
-- ARGV[9] new state (packed)   ARGV[10] its version   ARGV[11] new profile (packed; "": unchanged)
-- ARGV[12] incident id   ARGV[13] S, the number of searched indexes   ARGV[14] drop entries
-- scored 1 to this from the dated indexes written (older than the TTL)
-- ARGV[15] candidate ids read per feature index
-- ARGV[16] per searched index "min max" day as lookup.lua read it, space-separated
-- ARGV[17] per index written, the score (day number, 0 when undated), space-separated
-- ARGV[18] the profile's key as older builds named it (a hash: see common.lua read_profile)
-- Replies {"ok"}; {"retry"} when another worker resolved this article or changed what was read
-- (incident version, candidate set); {"exists"} when the incident to create already exists.
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then
  return {'retry'}
end
local ttl = ARGV[4]
if #KEYS >= 4 then
  local version, profile = read_profile(KEYS[4], ARGV[18])
  if ARGV[6] == '0' then
    if version or redis.call('EXISTS', KEYS[3]) == 1 then
      return {'exists'}
    end
  elseif version ~= ARGV[6] then
    return {'retry'}
  end
  if ARGV[7] == '1' then
    local ids = candidate_ids(5, 4 + tonumber(ARGV[13]), words(ARGV[16]), tonumber(ARGV[15]))
    if table.concat(ids, '\n') ~= ARGV[8] then
      return {'retry'}
    end
  end
  redis.call('SET', KEYS[3], ARGV[9], 'EX', ttl)
  if ARGV[11] ~= '' then
    profile = ARGV[11]
  end
  redis.call('SET', KEYS[4], ARGV[10] .. '\n' .. (profile or ''), 'EX', ttl)
  redis.call('UNLINK', ARGV[18])
  local searched, iid, scores = tonumber(ARGV[13]), ARGV[12], words(ARGV[17])
  for i = 5 + searched, #KEYS do
    local score = scores[i - 4 - searched]
    redis.call('ZADD', KEYS[i], score, iid)
    if score ~= '0' then
      redis.call('ZREMRANGEBYSCORE', KEYS[i], 1, ARGV[14])
    end
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
local result = ARGV[1]
if #KEYS >= 4 then
  result = result .. ARGV[9]
end
redis.call('SET', KEYS[1], result, 'EX', ARGV[5])
redis.call('SET', KEYS[2], ARGV[2] .. '\n' .. ARGV[3], 'EX', ttl)
return {'ok'}

-- First step of resolving one article, in one round trip: its stored result, else its duplicate.
-- KEYS[1]: the article's result key; KEYS[2]: its fingerprint key; KEYS[3..]: its LSH band keys.
-- ARGV[1]: article id; ARGV[2]: TTL in seconds; ARGV[3]: signature key prefix ("{ns}:sig:").
-- Returns {"stored", result JSON} for an article already resolved; {"exact", first id} for the
-- same fingerprint under another id; else {"near", id1, sig1, id2, sig2, ...}: the earlier
-- articles sharing a band, with their signatures (the caller estimates the similarity).
local stored = redis.call('GET', KEYS[1])
if stored then
  return {'stored', stored}
end
local id, ttl = ARGV[1], ARGV[2]
local first = redis.call('GET', KEYS[2])
if not first then
  redis.call('SET', KEYS[2], id, 'EX', ttl)
elseif first ~= id then
  return {'exact', first}
end
local out, seen = {'near'}, {}
for i = 3, #KEYS do
  local other = redis.call('GET', KEYS[i])
  if not other then
    redis.call('SET', KEYS[i], id, 'EX', ttl)
  elseif other ~= id and not seen[other] then
    seen[other] = true
    local sig = redis.call('GET', ARGV[3] .. other)
    if sig then
      out[#out + 1] = other
      out[#out + 1] = sig
    end
  end
end
return out

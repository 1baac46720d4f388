-- Shared by lookup.lua, commit.lua and read.lua (resolver.py puts it in front of each): the commit checks
-- the candidate set by reading it again exactly as the lookup read it.

-- The space-separated words of ``s``.
local function words(s)
  local out = {}
  for w in string.gmatch(s, '%S+') do out[#out + 1] = w end
  return out
end

-- The incident ids of the feature indexes KEYS[first .. last], each read in its day window
-- (windows[2k+1], windows[2k+2] for the k-th index; "-inf": undated, the most recent first), at
-- most ``limit`` per index, first occurrence order.
local function candidate_ids(first, last, windows, limit)
  local seen, ids = {}, {}
  for i = first, last do
    local lo, hi = windows[2 * (i - first) + 1], windows[2 * (i - first) + 2]
    local found
    if lo == '-inf' then
      found = redis.call('ZREVRANGEBYSCORE', KEYS[i], hi, lo, 'LIMIT', 0, limit)
    else
      found = redis.call('ZRANGEBYSCORE', KEYS[i], lo, hi, 'LIMIT', 0, limit)
    end
    for _, cid in ipairs(found) do
      if not seen[cid] then
        seen[cid] = true
        ids[#ids + 1] = cid
      end
    end
  end
  return ids
end

-- An incident's version and packed profile (nil, nil when absent; profile nil when it has none).
-- Its profile key holds "<version>\n<packed profile>" as one string; an incident last written by
-- an older build still has a hash (fields v, p) under ``old_key`` until it expires or is written.
local function read_profile(key, old_key)
  local raw = redis.call('GET', key)
  if not raw then
    local old = redis.call('HMGET', old_key, 'v', 'p')
    return old[1] or nil, old[2] or nil
  end
  local nl = string.find(raw, '\n', 1, true)
  local profile = string.sub(raw, nl + 1)
  return string.sub(raw, 1, nl - 1), profile ~= '' and profile or nil
end

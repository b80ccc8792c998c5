-- Search lexemes for a message body, as space-separated text for to_tsvector('simple', ...).
-- Japanese and Chinese have no spaces between words, so their runs (kana, kanji, half-width katakana) become
-- overlapping character bigrams ("配送状況" -> "配送 送状 状況"); a query is split the same way and all its
-- bigrams must match. Every other script is split into lower-cased alphanumeric words.
CREATE OR REPLACE FUNCTION kaiwa_search_tokens(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(w[1], ' ')
       FROM regexp_matches(regexp_replace(lower(body), '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+', ' ', 'g'),
                           '[[:alnum:]]+', 'g') AS w),
    (SELECT string_agg(
              CASE WHEN char_length(r[1]) = 1 THEN r[1]
                   ELSE (SELECT string_agg(substr(r[1], i, 2), ' ') FROM generate_series(1, char_length(r[1]) - 1) AS i)
              END, ' ')
       FROM regexp_matches(lower(body), '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+', 'g') AS r)
  )
$$;

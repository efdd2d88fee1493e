# t_hyphen.sh: src/render/hyphen.c, our reader of libhyphen's pattern files and its automaton,
# compared word by word with libhyphen itself (PAISANO_HYPHEN=libhyphen); sourced by run.sh
# with $P and $tag set.
o=$out/hyphen
rm -rf "$o"
mkdir -p "$o"

# raw DICT_ES DICT_EN: a template that hyphenates every word at every point the dictionaries
# give (no minimum length, no minimum before or after a break of our own)
raw() {
	sed -e 's/min-word="5" left="2" right="2"/min-word="1" left="1" right="1"/' \
	    -e "s#/usr/share/hyphen/hyph_es_ES.dic#$1#" -e "s#/usr/share/hyphen/hyph_en_US.dic#$2#" \
	    templates/booklet.xml
}

# Every word of the sources (both bundled editions, both languages; the stress edition only
# rotates their sentences) and the letters of every pattern of both dictionaries.
raw /usr/share/hyphen/hyph_es_ES.dic /usr/share/hyphen/hyph_en_US.dic > "$o/raw.xml"
python3 tests/hyphen/words.py guide-src -- /usr/share/hyphen/hyph_es_ES.dic /usr/share/hyphen/hyph_en_US.dic > "$o/words"
for l in es en; do
	if python3 tests/hyphen/compare.py "$P" "$o/raw.xml" $l "$o/words" > "$o/cmp-$l" 2>&1; then
		ok "$tag hyphenation ($l): the same points as libhyphen on every word ($(tail -1 "$o/cmp-$l"))"
	else
		notok "$tag hyphenation ($l): the same points as libhyphen on every word" "$(tail -22 "$o/cmp-$l")"
	fi
done

# A pattern file with what libhyphen's reader does in its own way: comments, a minimum read
# twice (the last wins), two digits in a row (the last wins), a pattern given twice (the last
# wins), a pattern inside a longer one that hides it where the longer one's start matches, a
# pattern with no digits, a line that starts with a space, CR LF line ends, ligatures, accents,
# and no line end at the end.
printf 'UTF-8\n%% comment 1a\nLEFTHYPHENMIN 3\nRIGHTHYPHENMIN\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 1\na1b\nab2c\nabcd\nb1c\n1ca\na12b\nx1y\r\n  z1z\n\n.ex1am\nam3ple.\nﬃ1a\né1é\nb3ć\nq1q\nq2q' > "$o/odd.dic"
raw "$o/odd.dic" "$o/odd.dic" > "$o/odd.xml"
printf '%s\n' abc abcd abcabc abcdabcd cabca bcbcbc xyxyxy zzzz example examples ﬃaaa aﬃaa éééé abćbć qqqq Abcabc > "$o/odd-words"
if python3 tests/hyphen/compare.py "$P" "$o/odd.xml" es "$o/odd-words" > "$o/cmp-odd" 2>&1; then
	ok "$tag hyphenation: an odd pattern file read as libhyphen reads it ($(tail -1 "$o/cmp-odd"))"
else
	notok "$tag hyphenation: an odd pattern file read as libhyphen reads it" "$(tail -22 "$o/cmp-odd")"
fi

# Files our reader leaves to libhyphen: another charset, a second level, replacements, a line
# longer than libhyphen's buffer, an empty file.
printf 'ISO8859-1\na1b\n' > "$o/latin1.dic"
printf 'UTF-8\nNEXTLEVEL\na1b\n' > "$o/nextlevel.dic"
printf 'UTF-8\nb1c\nab1c/a=b,1,2\n' > "$o/repl.dic"
{ printf 'UTF-8\nb1c\n'; printf 'a%.0s' $(seq 120); printf '1b\n'; } > "$o/long.dic"
: > "$o/empty.dic"
for d in latin1 nextlevel repl long empty; do
	raw "$o/$d.dic" "$o/$d.dic" > "$o/$d.xml"
	if python3 tests/hyphen/compare.py "$P" "$o/$d.xml" es "$o/odd-words" > "$o/cmp-$d" 2>&1; then
		ok "$tag hyphenation: $d.dic is read by libhyphen"
	else
		notok "$tag hyphenation: $d.dic is read by libhyphen" "$(tail -22 "$o/cmp-$d")"
	fi
done
expect "$tag hyphenation: an empty dictionary hyphenates nothing" 0 "$P" pages -t "$o/empty.xml" --hyphenate "documentos casa"
has "$tag hyphenation: an empty dictionary's words" "$out/stdout" "documentos casa"
raw "$o/missing.dic" "$o/missing.dic" > "$o/missing.xml"
expect "$tag hyphenation: a missing dictionary" 2 "$P" pages -t "$o/missing.xml" --hyphenate casa
has "$tag hyphenation: a missing dictionary's message" "$out/stderr" "cannot read the hyphenation dictionary $o/missing.dic (install the hyphen-es package)"

# Pattern files made at random (the same ones on every run), 60 random words each.
raw DICT "$o/odd.dic" > "$o/random.xml"
if python3 tests/hyphen/random.py "$P" "$o/random.xml" 25 19 > "$o/cmp-random" 2>&1; then
	ok "$tag hyphenation: random pattern files read as libhyphen reads them ($(tail -1 "$o/cmp-random"))"
else
	notok "$tag hyphenation: random pattern files read as libhyphen reads them" "$(tail -30 "$o/cmp-random")"
fi

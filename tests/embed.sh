#!/bin/sh
# embed.sh NAME FILE: a C file defining NAME (the bytes of FILE) and NAME_len.
set -eu
name=$1
file=$2
echo "/* generated from $file by tests/embed.sh: do not edit */"
echo "const unsigned char ${name}[] = {"
od -An -v -tx1 "$file" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
echo "0x00 };"
echo "const unsigned int ${name}_len = $(wc -c < "$file");"

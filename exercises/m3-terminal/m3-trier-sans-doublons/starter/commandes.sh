# Trie inscrits.txt sans doublons dans liste.txt, puis compte les lignes.
cat inscrits.txt

wc -l < membres.txt > total.txt
grep Lyon membres.txt | wc -l > lyon.txt

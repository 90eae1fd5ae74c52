for i in $(seq 100 550); do : > a$i; done
mkdir photos
cat boite/secret.txt
mv boite/secret.txt photos/
rm brouillon.txt

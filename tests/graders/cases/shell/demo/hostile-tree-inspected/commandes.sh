mkdir photos
cat boite/secret.txt
mv boite/secret.txt photos/
rm brouillon.txt
mkfifo tube
mkdir ferme && chmod 000 ferme
ln -s /etc/passwd lien

# Une commande par ligne. Les lignes qui commencent par # sont des commentaires.
mkdir images
mv logo.png images/
# À toi : crée les dossiers documents et site, puis déplace les autres fichiers.

unzip site-asso.zip
rm site-asso.zip
ls site-asso

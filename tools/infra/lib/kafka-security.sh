# The secured local broker of infra.sh (sourced), INFRA_KAFKA_SECURITY=sasl_ssl: one SASL_SSL client
# listener (SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN), as production brokers are reached. A self-signed
# CA and the broker's PKCS12 keystore are made with openssl at the first start, the SCRAM users are
# bootstrapped when the storage is formatted (StorageTool --add-scram, Kafka >= 3.5). Everything is
# random per instance, kept in its kafka/ directory (git-ignored), and for tests only.

KAFKA_TLS_DIR="$KAFKA_DIR/tls"
KAFKA_CREDENTIALS="$KAFKA_DIR/credentials"
KAFKA_CLIENT_USER=contact-sync   # the services' user; `admin` is the broker's own (inter-broker)

kafka_secured() { [ "$KAFKA_SECURITY" = sasl_ssl ]; }

# ADMIN_PASSWORD, CLIENT_PASSWORD, KEYSTORE_PASSWORD: made once, kept while the instance lives
# (its SCRAM credentials are in the formatted metadata).
kafka_credentials() {
  if [ ! -s "$KAFKA_CREDENTIALS" ]; then
    command -v openssl >/dev/null || die "openssl is required for INFRA_KAFKA_SECURITY=sasl_ssl"
    mkdir -p "$KAFKA_DIR"
    (umask 077; printf 'ADMIN_PASSWORD=%s\nCLIENT_PASSWORD=%s\nKEYSTORE_PASSWORD=%s\n' \
      "$(openssl rand -hex 16)" "$(openssl rand -hex 16)" "$(openssl rand -hex 16)" >"$KAFKA_CREDENTIALS")
  fi
  # shellcheck source=/dev/null
  source "$KAFKA_CREDENTIALS"
}

kafka_tls_material() { # CA, broker certificate for 127.0.0.1/localhost, PKCS12 keystore
  [ -s "$KAFKA_TLS_DIR/broker.p12" ] && [ -s "$KAFKA_TLS_DIR/ca.pem" ] && return 0
  local dir="$KAFKA_TLS_DIR" out
  rm -rf "$dir"; mkdir -p "$dir"
  out=$( (
    set -e; umask 077; cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=contact-sync local test CA" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -keyout ca.key -out ca.pem
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout broker.key -out broker.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' >broker.ext
    openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile broker.ext -out broker.pem
    openssl pkcs12 -export -in broker.pem -inkey broker.key -certfile ca.pem -name broker \
      -passout "pass:$KEYSTORE_PASSWORD" -out broker.p12
    rm -f ca.key ca.srl broker.key broker.csr broker.ext   # nothing signs again; the keystore holds the key
    chmod 644 ca.pem                                        # clients read it
  ) 2>&1) || { rm -rf "$dir"; die "making the test CA and broker keystore failed: $out"; }
  log "kafka TLS material made in $dir (self-signed test CA)"
}

kafka_secure_props() { # appends the SASL_SSL settings to the generated server.properties
  sed -e "s#@ADMIN_PASSWORD@#$ADMIN_PASSWORD#g" -e "s#@CLIENT_USER@#$KAFKA_CLIENT_USER#g" \
    -e "s#@CLIENT_PASSWORD@#$CLIENT_PASSWORD#g" -e "s#@KEYSTORE_PASSWORD@#$KEYSTORE_PASSWORD#g" \
    -e "s#@TLS_DIR@#$KAFKA_TLS_DIR#g" "$HERE/kafka/sasl-ssl.properties.template" >>"$KAFKA_PROPS"
  chmod 600 "$KAFKA_PROPS"
}

kafka_scram_args() { # StorageTool format arguments creating the SCRAM users
  echo "--add-scram SCRAM-SHA-512=[name=admin,password=$ADMIN_PASSWORD]" \
    "--add-scram SCRAM-SHA-512=[name=$KAFKA_CLIENT_USER,password=$CLIENT_PASSWORD]" \
    "--add-scram SCRAM-SHA-256=[name=$KAFKA_CLIENT_USER,password=$CLIENT_PASSWORD]"
}

kafka_client_env() { # the services' settings for this broker (infra.sh env)
  echo "export KAFKA_SSL=true"
  echo "export KAFKA_SSL_CA_FILE=$KAFKA_TLS_DIR/ca.pem"
  echo "export KAFKA_SASL_MECHANISM=scram-sha-512"
  echo "export KAFKA_SASL_USERNAME=$KAFKA_CLIENT_USER"
  echo "export KAFKA_SASL_PASSWORD=$CLIENT_PASSWORD"
}
